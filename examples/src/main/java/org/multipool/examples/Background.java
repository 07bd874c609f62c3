package org.multipool.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
public final class Background {
  static final Example EXAMPLE = Example.of("background",
      "submit a Fibonacci computation to a worker JVM; the main thread keeps working, then joins",
      Background::run,
      Option.number("terms", 36, 1, 60, "Fibonacci numbers to compute, each by plain recursion"),
      Option.number("tick-ms", 100, 1, 10_000, "how often the main thread reports while it waits"));

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

      int ticks = 0;
      while (!sequence.isDone()) {
        try {
          sequence.get(tickMillis, TimeUnit.MILLISECONDS); // this thread's "other work" is waiting politely
        } catch (TimeoutException stillComputing) {
          ticks++;
          System.out.printf("main: tick %d at %,d ms, still free to work%n", ticks, elapsedMillis(start));
        }
      }

      List<Long> numbers = sequence.join(); // done by now, so join returns at once
      System.out.printf("main: joined after %,d ms and %d ticks: the first %d Fibonacci numbers%n",
          elapsedMillis(start), ticks, numbers.size());
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
