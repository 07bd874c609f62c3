package org.multipool.process.pool;

import java.io.ObjectStreamException;
import java.util.Map;
import org.multipool.SharedMap;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared map of a pool of worker JVMs, as the caller holds it: the map itself, in this JVM, with
 * every key and value the caller passes checked by encoding it, so that one no worker could read
 * fails the call that passed it rather than a worker's call later.
 */
final class CallerMap<K, V> implements SharedMap<K, V> {
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
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public V put(K key, V value) {
    return map.put(key, checked(value, checkedKey(key)));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return map.putIfAbsent(key, checked(value, checkedKey(key)));
  }

  @Override
  public V remove(K key) {
    return map.remove(key);
  }

  @Override
  public boolean replace(K key, V expected, V newValue) {
    return map.replace(key, expected, checked(newValue, checkedKey(key)));
  }

  @Override
  public V merge(K key, V value, Merge<V> fn) {
    SharedObjectChecks.mergeFunction(fn);
    return map.merge(checkedKey(key), checked(value, key),
        (old, given) -> checkedOrNull(fn.apply(old, given), key));
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Map<K, V> snapshot() {
    return map.snapshot();
  }

  private K checkedKey(K key) {
    SharedObjectChecks.key(key);
    SharedValues.encode(codec, "a key of class " + key.getClass().getName(), key);
    return key;
  }

  private V checked(V value, K key) {
    SharedObjectChecks.value(value);
    return checkedOrNull(value, key);
  }

  private V checkedOrNull(V value, K key) {
    if (value != null) {
      SharedValues.encode(codec, "a value of class " + value.getClass().getName() + " (key " + key + ")", value);
    }
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
