/**
 * Multipool: Python's {@code multiprocessing.Pool} and {@code concurrent.futures} for the JVM.
 *
 * <p>Start with {@link org.multipool.Pool}:
 *
 * <pre>{@code
 * try (Pool pool = Pool.threads(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));
 * }
 * }</pre>
 */
package org.multipool;
