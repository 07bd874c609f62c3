package org.multipool.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.multipool.SharedMap;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared map on a cluster: a Hazelcast {@link IMap}. {@code replace} and {@code merge} run as
 * entry processors on the member that owns the key, atomically for it; {@code replace} compares
 * with {@code equals} there, not by serialized form as {@link IMap#replace(Object, Object, Object)}
 * would.
 */
final class ClusterMap<K, V> implements SharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  private final ClusterRef ref;
  private final transient IMap<K, V> map;
  private final transient BooleanSupplier open;

  ClusterMap(ClusterRef ref, IMap<K, V> map, BooleanSupplier open) {
    this.ref = ref;
    this.map = map;
    this.open = open;
  }

  @Override
  public V get(K key) {
    SharedObjectChecks.key(key);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key), () -> map.get(key));
  }

  @Override
  public V put(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, value), () -> map.put(key, value));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, value), () -> map.putIfAbsent(key, value));
  }

  @Override
  public V remove(K key) {
    SharedObjectChecks.key(key);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key), () -> map.remove(key));
  }

  @Override
  public boolean replace(K key, V expected, V newValue) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(expected);
    SharedObjectChecks.value(newValue);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, expected, newValue),
        () -> map.executeOnKey(key, new Replace<>(expected, newValue)));
  }

  @Override
  public V merge(K key, V value, Merge<V> fn) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    SharedObjectChecks.mergeFunction(fn);
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, value, fn),
        () -> map.executeOnKey(key, new Merging<>(value, fn)));
  }

  @Override
  public int size() {
    return ClusterCalls.runNow(this, open, "nothing", map::size);
  }

  @Override
  public Map<K, V> snapshot() {
    return ClusterCalls.runNow(this, open, "nothing", () -> new HashMap<>(map));
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }

  /** {@code merge}, on the member that owns the key; a null result removes it. */
  private record Merging<K, V>(V value, Merge<V> fn) implements EntryProcessor<K, V, V> {
    private static final long serialVersionUID = 1L;

    @Override
    public V process(Map.Entry<K, V> entry) {
      V old = entry.getValue();
      V merged = old == null ? value : fn.apply(old, value);
      entry.setValue(merged);
      return merged;
    }
  }

  /** {@code replace(key, expected, newValue)}, comparing with {@code equals} on the member that owns the key. */
  private record Replace<K, V>(V expected, V newValue) implements EntryProcessor<K, V, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<K, V> entry) {
      if (!Objects.equals(entry.getValue(), expected)) {
        return false;
      }
      entry.setValue(newValue);
      return true;
    }
  }
}
