package org.multipool.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks every {@link org.multipool.SharedQueue} and {@link org.multipool.SharedMap}
 * makes, in one place, so that bad input gets the same error on every backend, before anything
 * travels:
 *
 * <pre>{@code
 * public boolean offer(T item, Duration timeout) throws InterruptedException {
 *   SharedObjectChecks.item(item);
 *   long nanos = SharedObjectChecks.nanos(timeout);
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SharedObjectChecks {
  private SharedObjectChecks() {}

  /**
   * Checks a queue's item.
   *
   * @param item the item
   * @throws NullPointerException if it is null: a queue holds no nulls, so that {@code poll}'s null
   *     means "empty"
   */
  public static void item(Object item) {
    Objects.requireNonNull(item, "A shared queue holds no null items");
  }

  /**
   * Checks a map's key.
   *
   * @param key the key
   * @throws NullPointerException if it is null
   */
  public static void key(Object key) {
    Objects.requireNonNull(key, "A shared map holds no null keys");
  }

  /**
   * Checks a map's value, or the value a call compares or merges with.
   *
   * @param value the value
   * @throws NullPointerException if it is null
   */
  public static void value(Object value) {
    Objects.requireNonNull(value, "A shared map holds no null values");
  }

  /**
   * Checks a merge function.
   *
   * @param fn the function
   * @throws NullPointerException if it is null
   */
  public static void mergeFunction(Object fn) {
    Objects.requireNonNull(fn, "The merge function is null");
  }

  /**
   * Turns a wait into nanoseconds, as {@link java.util.concurrent.BlockingQueue} does: zero or
   * negative waits not at all, and an enormous one (from about 146 years) waits for ever.
   *
   * @param timeout the wait
   * @return the nanoseconds, from 0 to {@link Long#MAX_VALUE}
   * @throws NullPointerException if {@code timeout} is null
   */
  public static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      return 0;
    }
    try {
      long nanos = timeout.toNanos();
      return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos; // no deadline from it overflows
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The error of a call on an object whose pool has ended.
   *
   * @param what the object, as its {@code toString()} describes it
   * @return the exception to throw
   */
  public static IllegalStateException closed(Object what) {
    return new IllegalStateException(what + " is closed: its pool has ended");
  }
}
