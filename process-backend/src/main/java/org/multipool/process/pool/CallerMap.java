package org.multipool.process.pool;

import java.io.ObjectStreamException;
import java.util.Map;
import org.multipool.SharedMap;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.AbstractSharedMap;

/**
 * A shared map of a pool of worker JVMs, as the caller holds it: the map itself, in this JVM, with
 * every key and value the caller passes checked by encoding it, so that one no worker could read
 * fails the call that passed it rather than a worker's call later.
 */
final class CallerMap<K, V> extends AbstractSharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  private final SharedRef ref;
  private final transient SharedMap<K, V> map;
  private final transient Codec codec;

  CallerMap(SharedRef ref, SharedMap<K, V> map, Codec codec) {
    this.ref = ref;
    this.map = map;
    this.codec = codec;
  }

  @Override
  protected V doGet(K key) {
    return map.get(key);
  }

  @Override
  protected V doPut(K key, V value) {
    return map.put(sendable(key), sendable(value));
  }

  @Override
  protected V doPutIfAbsent(K key, V value) {
    return map.putIfAbsent(sendable(key), sendable(value));
  }

  @Override
  protected V doRemove(K key) {
    return map.remove(key);
  }

  @Override
  protected boolean doReplace(K key, V expected, V newValue) {
    return map.replace(sendable(key), expected, sendable(newValue));
  }

  @Override
  protected V doMerge(K key, V value, Merge<V> fn) {
    return map.merge(sendable(key), sendable(value), (old, given) -> {
      V merged = fn.apply(old, given);
      return merged == null ? null : sendable(merged);
    });
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Map<K, V> snapshot() {
    return map.snapshot();
  }

  /** {@code value}, once it is known to reach a worker that reads it. */
  private <X> X sendable(X value) {
    SharedValues.encode(codec, "a key or value of class " + value.getClass().getName(), value);
    return value;
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }
}
