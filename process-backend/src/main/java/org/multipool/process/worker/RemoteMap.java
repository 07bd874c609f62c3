package org.multipool.process.worker;

import java.io.ObjectStreamException;
import java.util.Map;
import org.multipool.SharedMap;
import org.multipool.process.wire.SharedOp;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared map as a task on a worker JVM sees it: every call goes to the pool's JVM, a merge with
 * its function, which runs there.
 */
final class RemoteMap<K, V> implements SharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  private final SharedRef ref;
  private final transient SharedCalls calls;

  RemoteMap(SharedRef ref, SharedCalls calls) {
    this.ref = ref;
    this.calls = calls;
  }

  @Override
  public V get(K key) {
    SharedObjectChecks.key(key);
    return call(SharedOp.MAP_GET, key);
  }

  @Override
  public V put(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return call(SharedOp.MAP_PUT, key, value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return call(SharedOp.MAP_PUT_IF_ABSENT, key, value);
  }

  @Override
  public V remove(K key) {
    SharedObjectChecks.key(key);
    return call(SharedOp.MAP_REMOVE, key);
  }

  @Override
  public boolean replace(K key, V expected, V newValue) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(expected);
    SharedObjectChecks.value(newValue);
    return this.<Boolean>call(SharedOp.MAP_REPLACE, key, expected, newValue);
  }

  @Override
  public V merge(K key, V value, Merge<V> fn) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    SharedObjectChecks.mergeFunction(fn);
    return call(SharedOp.MAP_MERGE, key, value, fn);
  }

  @Override
  public int size() {
    return this.<Integer>call(SharedOp.MAP_SIZE);
  }

  @Override
  public Map<K, V> snapshot() {
    return call(SharedOp.MAP_SNAPSHOT);
  }

  @SuppressWarnings("unchecked") // the map holds what its users put in
  private <R> R call(SharedOp op, Object... arguments) {
    byte[] encoded = SharedValues.encode(calls.codec(), describe(arguments), arguments);
    try {
      return (R) SharedValues.decodeOne(calls.codec(), calls.call(op, ref.id(), 0, encoded), calls.loader());
    } catch (InterruptedException e) { // a call that does not wait is never stopped
      throw new AssertionError(e);
    }
  }

  private static String describe(Object[] arguments) {
    StringBuilder classes = new StringBuilder("keys and values of classes");
    for (Object argument : arguments) {
      classes.append(' ').append(argument.getClass().getName());
    }
    return classes.toString();
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }
}
