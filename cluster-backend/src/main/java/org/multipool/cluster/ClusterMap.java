package org.multipool.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.multipool.spi.AbstractSharedMap;

/**
 * A shared map on a cluster: a Hazelcast {@link IMap}. {@code replace} and {@code merge} run as
 * entry processors on the member that owns the key, atomically for it; {@code replace} compares
 * with {@code equals} there, not by serialized form as {@link IMap#replace(Object, Object, Object)}
 * would.
 */
final class ClusterMap<K, V> extends AbstractSharedMap<K, V> {
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
  protected V doGet(K key) {
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key), () -> map.get(key));
  }

  @Override
  protected V doPut(K key, V value) {
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, value), () -> map.put(key, value));
  }

  @Override
  protected V doPutIfAbsent(K key, V value) {
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, value), () -> map.putIfAbsent(key, value));
  }

  @Override
  protected V doRemove(K key) {
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key), () -> map.remove(key));
  }

  @Override
  protected boolean doReplace(K key, V expected, V newValue) {
    return ClusterCalls.runNow(this, open, ClusterCalls.classesOf(key, expected, newValue),
        () -> map.executeOnKey(key, new Replace<>(expected, newValue)));
  }

  @Override
  protected V doMerge(K key, V value, Merge<V> fn) {
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
