package org.multipool;

import java.io.Serializable;

/**
 * A function applied to every item of a {@link Pool#map map} or {@link Pool#imap imap}, like
 * {@link java.util.function.Function}, but allowed to throw and {@link Serializable} so that it can
 * travel to a worker JVM.
 *
 * <pre>{@code
 * List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }</pre>
 *
 * @param <T> the type of the items
 * @param <R> the type of the results
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {

  /**
   * Computes the result for one item.
   *
   * @param item the item, which may be {@code null}
   * @return the result, which may be {@code null}
   * @throws Exception if the item fails; {@code map} then throws {@link TaskFailedException}
   */
  R apply(T item) throws Exception;
}
