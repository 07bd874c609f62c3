package org.multipool.process.worker;

import java.io.ObjectStreamException;
import java.util.Map;
import org.multipool.process.wire.SharedOp;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.AbstractSharedMap;

/**
 * A shared map as a task on a worker JVM sees it: every call goes to the pool's JVM, a merge with
 * its function, which runs there.
 */
final class RemoteMap<K, V> extends AbstractSharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  private final SharedRef ref;
  private final transient SharedCalls calls;

  RemoteMap(SharedRef ref, SharedCalls calls) {
    this.ref = ref;
    this.calls = calls;
  }

  @Override
  protected V doGet(K key) {
    return call(SharedOp.MAP_GET, key);
  }

  @Override
  protected V doPut(K key, V value) {
    return call(SharedOp.MAP_PUT, key, value);
  }

  @Override
  protected V doPutIfAbsent(K key, V value) {
    return call(SharedOp.MAP_PUT_IF_ABSENT, key, value);
  }

  @Override
  protected V doRemove(K key) {
    return call(SharedOp.MAP_REMOVE, key);
  }

  @Override
  protected boolean doReplace(K key, V expected, V newValue) {
    return this.<Boolean>call(SharedOp.MAP_REPLACE, key, expected, newValue);
  }

  @Override
  protected V doMerge(K key, V value, Merge<V> fn) {
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
