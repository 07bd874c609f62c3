package org.multipool.internal;

import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.multipool.spi.AbstractSharedMap;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared map in this JVM's memory: a {@link ConcurrentHashMap}, whose calls are each atomic,
 * that {@link #close()} ends.
 */
final class LocalMap<K, V> extends AbstractSharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final String description;
  private final transient ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
  private transient volatile boolean closed;

  LocalMap(String id, String description) {
    this.id = id;
    this.description = description;
  }

  @Override
  protected V doGet(K key) {
    return open().get(key);
  }

  @Override
  protected V doPut(K key, V value) {
    return open().put(key, value);
  }

  @Override
  protected V doPutIfAbsent(K key, V value) {
    return open().putIfAbsent(key, value);
  }

  @Override
  protected V doRemove(K key) {
    return open().remove(key);
  }

  @Override
  protected boolean doReplace(K key, V expected, V newValue) {
    return open().replace(key, expected, newValue);
  }

  @Override
  protected V doMerge(K key, V value, Merge<V> fn) {
    return open().merge(key, value, fn);
  }

  @Override
  public int size() {
    return open().size();
  }

  @Override
  public Map<K, V> snapshot() {
    return new HashMap<>(open());
  }

  /** Ends the map: every call from now on throws. */
  void close() {
    closed = true;
    entries.clear();
  }

  @Override
  public String toString() {
    return description;
  }

  /** The entries, if the map is open. */
  private ConcurrentHashMap<K, V> open() {
    if (closed) {
      throw SharedObjectChecks.closed(this);
    }
    return entries;
  }

  /** Within this JVM the handle comes back as this very map; see {@link LocalSharedObjects}. */
  private Object writeReplace() throws ObjectStreamException {
    return new LocalSharedObjects.Ref(id, description);
  }
}
