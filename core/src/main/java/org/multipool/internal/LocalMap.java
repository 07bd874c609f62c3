package org.multipool.internal;

import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.multipool.SharedMap;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared map in this JVM's memory: a {@link ConcurrentHashMap}, whose calls are each atomic,
 * that {@link #close()} ends.
 */
final class LocalMap<K, V> implements SharedMap<K, V> {
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
  public V get(K key) {
    SharedObjectChecks.key(key);
    checkOpen();
    return entries.get(key);
  }

  @Override
  public V put(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    checkOpen();
    return entries.put(key, value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    checkOpen();
    return entries.putIfAbsent(key, value);
  }

  @Override
  public V remove(K key) {
    SharedObjectChecks.key(key);
    checkOpen();
    return entries.remove(key);
  }

  @Override
  public boolean replace(K key, V expected, V newValue) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(expected);
    SharedObjectChecks.value(newValue);
    checkOpen();
    return entries.replace(key, expected, newValue);
  }

  @Override
  public V merge(K key, V value, Merge<V> fn) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    SharedObjectChecks.mergeFunction(fn);
    checkOpen();
    return entries.merge(key, value, fn);
  }

  @Override
  public int size() {
    checkOpen();
    return entries.size();
  }

  @Override
  public Map<K, V> snapshot() {
    checkOpen();
    return new HashMap<>(entries);
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

  private void checkOpen() {
    if (closed) {
      throw SharedObjectChecks.closed(this);
    }
  }

  /** Within this JVM the handle comes back as this very map; see {@link LocalSharedObjects}. */
  private Object writeReplace() throws ObjectStreamException {
    return new LocalSharedObjects.Ref(id, description);
  }
}
