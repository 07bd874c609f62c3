package org.multipool.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.multipool.Pool;

/**
 * The main thread goes on while a worker computes: {@code submit} returns a
 * {@code CompletableFuture} at once, the main thread keeps doing its own work, and joins the result
 * when it needs it.
 *
 * <pre>{@code
 * CompletableFuture<List<Long>> sequence = pool.submit(() -> fibonacci(36));
 * doOtherWork();
 * List<Long> numbers = sequence.join();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Background {
  static final Example EXAMPLE = Example.of("background",
      "submit a Fibonacci computation to a worker JVM; the main thread keeps working, then joins",
      Background::run,
      Option.number("terms", 36, 1, 42, "Fibonacci numbers to compute, each by plain recursion"),
      Option.number("tick-ms", 100, 1, 10_000, "how often the main thread reports on its own work"));

  private Background() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if the computation fails
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int terms = options.intValue("terms");
    long tickMillis = options.longValue("tick-ms");
    try (Pool pool = Pool.processes(1)) {
      long start = System.nanoTime();
      CompletableFuture<List<Long>> sequence = pool.submit(() -> fibonacci(terms)); // returns at once
      System.out.println("main: submitted the Fibonacci task; pid " + ProcessHandle.current().pid() + " goes on");

      // The main thread's own work: small jobs (counting primes), with a report now and then.
      int ticks = 0;
      long jobs = 0;
      long nextTick = System.nanoTime() + tickMillis * 1_000_000;
      while (!sequence.isDone()) {
        jobs += countPrimesBelow(2_000) > 0 ? 1 : 0;
        if (System.nanoTime() >= nextTick) {
          ticks++;
          nextTick += tickMillis * 1_000_000;
          System.out.printf("main: tick %d at %,d ms, %,d jobs of its own done%n", ticks, elapsedMillis(start), jobs);
        }
      }

      List<Long> numbers = sequence.join(); // done by now, so join returns at once
      System.out.printf("main: joined after %,d ms and %d ticks (%,d jobs of its own): the first %d Fibonacci"
          + " numbers%n", elapsedMillis(start), ticks, jobs, numbers.size());
      System.out.println("      " + summary(numbers));
    }
  }

  /** The first {@code terms} Fibonacci numbers, each by plain recursion, to keep a core busy. */
  static List<Long> fibonacci(int terms) {
    List<Long> numbers = new ArrayList<>();
    for (int n = 0; n < terms; n++) {
      numbers.add(fib(n));
    }
    return numbers;
  }

  private static long fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  /** A small job for the main thread. */
  private static int countPrimesBelow(int limit) {
    int count = 0;
    for (int n = 2; n < limit; n++) {
      boolean prime = true;
      for (int d = 2; d * d <= n && prime; d++) {
        prime = n % d != 0;
      }
      count += prime ? 1 : 0;
    }
    return count;
  }

  private static String summary(List<Long> numbers) {
    if (numbers.size() <= 12) {
      return numbers.toString();
    }
    String head = numbers.subList(0, 8).toString();
    String tail = numbers.subList(numbers.size() - 3, numbers.size()).toString();
    return head.substring(0, head.length() - 1) + ", ..., " + tail.substring(1);
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
