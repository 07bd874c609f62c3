package org.multipool.examples;

import java.io.Serializable;
import java.util.concurrent.CompletableFuture;
import org.multipool.Pool;

/**
 * Two long-running jobs side by side, each in a worker JVM of its own: they finish in about the
 * time of the longer one, not in the sum of both. What a task prints in a worker appears here, so
 * the two jobs' lines interleave as they run.
 *
 * <pre>{@code
 * CompletableFuture<Job> squares = pool.submit(() -> Job.run("squares", 8, 2, delay));
 * CompletableFuture<Job> cubes = pool.submit(() -> Job.run("cubes", 8, 3, delay * 3 / 2));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SquaresAndCubes {
  static final Example EXAMPLE = Example.of("squares-and-cubes",
      "two long jobs side by side on worker JVMs: the total is the longer job, not the sum",
      SquaresAndCubes::run,
      Option.number("numbers", 6, 1, 1_000, "how many numbers each job works through"),
      Option.number("delay-ms", 100, 0, 60_000, "how long the squares job takes per number; cubes take 1.5x"));

  private SquaresAndCubes() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if a job fails
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int numbers = options.intValue("numbers");
    long delay = options.longValue("delay-ms");
    try (Pool pool = Pool.processes(2)) {
      CompletableFuture<Job> squares = pool.submit(() -> Job.run("squares", numbers, 2, delay));
      CompletableFuture<Job> cubes = pool.submit(() -> Job.run("cubes", numbers, 3, delay * 3 / 2));
      Job first = squares.get();
      Job second = cubes.get();

      // Both clocks are this machine's wall clock, so times from the two worker JVMs compare.
      long together = Math.max(first.endMillis, second.endMillis) - Math.min(first.startMillis, second.startMillis);
      System.out.println(first.summary());
      System.out.println(second.summary());
      System.out.printf("both done in %,d ms side by side; one after the other would take %,d ms%n",
          together, first.millis() + second.millis());
    }
  }

  /** What one job did: where it ran and when, by the wall clock, which every JVM here shares. */
  static final class Job implements Serializable {
    private static final long serialVersionUID = 1L;

    final String name;
    final long pid;
    final long startMillis;
    final long endMillis;

    private Job(String name, long pid, long startMillis, long endMillis) {
      this.name = name;
      this.pid = pid;
      this.startMillis = startMillis;
      this.endMillis = endMillis;
    }

    /** Raises 1..numbers to a power, one number per {@code delayMillis}, printing each result. */
    static Job run(String name, int numbers, int power, long delayMillis) throws InterruptedException {
      long pid = ProcessHandle.current().pid();
      long start = System.currentTimeMillis();
      for (long n = 1; n <= numbers; n++) {
        Thread.sleep(delayMillis); // stands for real work that takes a while
        System.out.printf("  worker %d, %s: %d^%d = %d%n", pid, name, n, power, (long) Math.pow(n, power));
      }
      return new Job(name, pid, start, System.currentTimeMillis());
    }

    long millis() {
      return endMillis - startMillis;
    }

    String summary() {
      return String.format("%-8s ran %,d ms in worker %d", name, millis(), pid);
    }
  }
}
