package org.multipool;

import java.io.Serializable;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * A map that the caller and every task of one pool share, on any worker: Python's
 * {@code Manager().dict()}, with atomic updates. Made by {@link Pool#newMap()}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.processes(4)) {
 *   SharedMap<String, Long> counts = pool.newMap();
 *   pool.map(file -> {
 *     for (String word : words(file)) {
 *       counts.merge(word, 1L, Long::sum);   // runs where the map lives: no update is lost
 *     }
 *     return null;
 *   }, files);
 *   Map<String, Long> result = counts.snapshot();
 * }
 * }</pre>
 *
 * <p>A task uses the map by capturing it in its lambda; the handle is {@link Serializable}, as
 * for {@link SharedQueue}. Every call is atomic. {@link #merge} sends its function to where the map
 * lives (the caller's JVM for worker JVMs, the key's owner on a cluster) and runs it there, so
 * concurrent merges from many workers lose no update; the function must be serializable to travel
 * there and should be quick, since it runs while the key is locked.
 *
 * <p>{@code null} keys and values are a {@link NullPointerException}. Keys and values that must
 * cross to another JVM and cannot be serialized fail the call that passed them with
 * {@link SerializationException}, and the map is unchanged. Keys are compared by {@code equals}
 * where the map lives, after crossing: give them {@code equals} and {@code hashCode} that survive
 * serialization (strings, numbers, records of those). The map lives as long as its pool: once the
 * pool has terminated, or from the moment {@link Pool#terminate()} is called, every call throws
 * {@link IllegalStateException}.
 *
 * <p>Semantics points 19, 20 and 21 (docs/semantics.md).
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 * @since 0.1.0
 */
public interface SharedMap<K, V> extends Serializable {

  /**
   * Returns the value of {@code key}.
   *
   * @param key the key
   * @return its value, or {@code null} if the map holds none
   */
  V get(K key);

  /**
   * Sets the value of {@code key}.
   *
   * @param key the key
   * @param value the value
   * @return the value it replaced, or {@code null}
   */
  V put(K key, V value);

  /**
   * Sets the value of {@code key} if it has none.
   *
   * @param key the key
   * @param value the value
   * @return the value it already had, or {@code null} if this call set it
   */
  V putIfAbsent(K key, V value);

  /**
   * Removes {@code key}.
   *
   * @param key the key
   * @return the value it had, or {@code null}
   */
  V remove(K key);

  /**
   * Sets the value of {@code key} to {@code newValue} if it is now {@code expected} (by
   * {@code equals}, where the map lives).
   *
   * @param key the key
   * @param expected the value it must have now
   * @param newValue the value it gets
   * @return true if it was replaced
   */
  boolean replace(K key, V expected, V newValue);

  /**
   * As {@link Map#merge}: sets {@code value} if {@code key} has none, or else the result of
   * {@code fn} applied to the old value and {@code value}; a {@code null} result removes the key.
   * The function runs where the map lives, atomically for the key.
   *
   * @param key the key
   * @param value the value to set or to merge with the old one
   * @param fn how to merge; serializable, so that it can run where the map lives
   * @return the new value, or {@code null} if the key was removed
   */
  V merge(K key, V value, Merge<V> fn);

  /**
   * Returns how many keys the map holds now.
   *
   * @return the number of keys
   */
  int size();

  /**
   * Returns a copy of the whole map, in this JVM; later changes do not show in it.
   *
   * @return a new, modifiable map
   */
  Map<K, V> snapshot();

  /**
   * A merge function that can travel to where the map lives, such as {@code Long::sum}.
   *
   * @param <V> the type of the values
   * @since 0.1.0
   */
  @FunctionalInterface
  interface Merge<V> extends BinaryOperator<V>, Serializable {}
}
