package org.multipool.examples;

import java.util.List;
import org.multipool.Pool;

/**
 * Multipool in five lines: squares computed by four worker JVMs, in input order.
 *
 * <pre>{@code
 * try (Pool pool = Pool.processes(4)) {
 *   System.out.println(pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6, 7, 8)));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class QuickStart {
  static final Example EXAMPLE =
      Example.of("quickstart", "Pool.processes(4).map(...) in five lines", QuickStart::run);

  private QuickStart() {}

  /**
   * Prints the squares of 1 to 8.
   *
   * @param args none
   * @throws Exception if the pool fails
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) {
    try (Pool pool = Pool.processes(4)) {                       // four worker JVMs
      List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6, 7, 8));
      System.out.println("squares = " + squares);                // in input order
    }                                                           // close(): no worker left running
  }
}
