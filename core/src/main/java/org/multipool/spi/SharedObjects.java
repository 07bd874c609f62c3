package org.multipool.spi;

import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.internal.LocalSharedObjects;

/**
 * Where one pool's {@linkplain SharedQueue queues} and {@linkplain SharedMap maps} live: the
 * backend's answer to {@link org.multipool.Pool#newQueue} and {@link org.multipool.Pool#newMap}.
 *
 * <p>A backend whose workers share this JVM's memory keeps the {@linkplain #inMemory(String) in-memory}
 * objects; one whose workers live elsewhere returns handles that reach the objects from there,
 * for example by wrapping in-memory objects that live in the caller's JVM:
 *
 * <pre>{@code
 * public SharedObjects sharedObjects() {
 *   return new MySharedObjects(SharedObjects.inMemory(config.name()));
 * }
 * }</pre>
 *
 * <p>The pool calls {@link #close()} once, when it begins to terminate or when its last worker has
 * exited, whichever comes first, and never makes an object after that.
 *
 * @since 0.1.0
 */
public interface SharedObjects {

  /**
   * Makes a queue; the pool has checked that {@code capacity} is at least 1.
   *
   * @param capacity the most items it holds
   * @param <T> the type of the items
   * @return the queue, whose handle can travel to every worker of the pool
   */
  <T> SharedQueue<T> newQueue(int capacity);

  /**
   * Makes a map.
   *
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @return the map, whose handle can travel to every worker of the pool
   */
  <K, V> SharedMap<K, V> newMap();

  /**
   * Ends every object made here: from now on each call on them throws
   * {@link IllegalStateException}, and a call blocked in one wakes up and throws it. Throws nothing.
   */
  void close();

  /**
   * Returns objects that live in this JVM's memory and cross no JVM: what threads share. Their
   * handles survive serialization within this JVM, as long as the objects are not closed. Their
   * queues are {@link ReservableQueue}s.
   *
   * @param poolName the pool's name, which the objects' descriptions carry
   * @return a new, empty set of objects
   */
  static SharedObjects inMemory(String poolName) {
    return new LocalSharedObjects(poolName);
  }
}
