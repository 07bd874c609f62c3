package org.multipool.spi;

import java.util.Map;
import org.multipool.SharedMap;

/**
 * The calls of a {@link SharedMap}, with their arguments checked the same way for every backend
 * before anything travels; a backend writes what each call does.
 *
 * <pre>{@code
 * final class MyMap<K, V> extends AbstractSharedMap<K, V> {
 *   protected V doGet(K key) { ... }
 *   ...
 * }
 * }</pre>
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 * @since 0.1.0
 */
public abstract class AbstractSharedMap<K, V> implements SharedMap<K, V> {
  private static final long serialVersionUID = 1L;

  /** For subclasses. */
  protected AbstractSharedMap() {}

  /**
   * {@link #get}, with a key that is not null.
   *
   * @param key the key
   * @return its value or null
   */
  protected abstract V doGet(K key);

  /**
   * {@link #put}, with arguments that are not null.
   *
   * @param key the key
   * @param value the value
   * @return the value replaced, or null
   */
  protected abstract V doPut(K key, V value);

  /**
   * {@link #putIfAbsent}, with arguments that are not null.
   *
   * @param key the key
   * @param value the value
   * @return the value it had, or null
   */
  protected abstract V doPutIfAbsent(K key, V value);

  /**
   * {@link #remove}, with a key that is not null.
   *
   * @param key the key
   * @return the value it had, or null
   */
  protected abstract V doRemove(K key);

  /**
   * {@link #replace}, with arguments that are not null.
   *
   * @param key the key
   * @param expected the value it must have
   * @param newValue the value it gets
   * @return true if replaced
   */
  protected abstract boolean doReplace(K key, V expected, V newValue);

  /**
   * {@link #merge}, with arguments that are not null.
   *
   * @param key the key
   * @param value the value
   * @param fn the merge function
   * @return the new value, or null if the key was removed
   */
  protected abstract V doMerge(K key, V value, Merge<V> fn);

  @Override
  public final V get(K key) {
    SharedObjectChecks.key(key);
    return doGet(key);
  }

  @Override
  public final V put(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return doPut(key, value);
  }

  @Override
  public final V putIfAbsent(K key, V value) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    return doPutIfAbsent(key, value);
  }

  @Override
  public final V remove(K key) {
    SharedObjectChecks.key(key);
    return doRemove(key);
  }

  @Override
  public final boolean replace(K key, V expected, V newValue) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(expected);
    SharedObjectChecks.value(newValue);
    return doReplace(key, expected, newValue);
  }

  @Override
  public final V merge(K key, V value, Merge<V> fn) {
    SharedObjectChecks.key(key);
    SharedObjectChecks.value(value);
    SharedObjectChecks.mergeFunction(fn);
    return doMerge(key, value, fn);
  }

  @Override
  public abstract Map<K, V> snapshot();
}
