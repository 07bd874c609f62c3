package org.multipool.examples;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.multipool.Pool;
import org.multipool.TaskTimeoutException;

/**
 * A runaway task, a busy loop that never checks for interrupts, against {@code taskTimeout}. On
 * worker JVMs the pool kills the worker at the deadline, so the task really stops and the next task
 * runs at once on a fresh worker. On threads the pool can only interrupt: the future fails at the
 * deadline, but the loop keeps its thread busy until it ends by itself.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().processes(2).taskTimeout(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Timeouts {
  static final Example EXAMPLE = Example.of("timeouts",
      "a busy loop stopped by taskTimeout: killed on worker JVMs, only abandoned on threads",
      Timeouts::run,
      Option.number("timeout-ms", 500, 1, 600_000, "the pools' taskTimeout"),
      Option.number("spin-ms", 1_500, 1, 600_000,
          "how long the loop spins on threads before it gives up by itself (on processes it never does)"));

  private Timeouts() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if a pool does something other than what the example expects
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    Duration timeout = Duration.ofMillis(options.longValue("timeout-ms"));
    long spinMillis = options.longValue("spin-ms");
    if (spinMillis <= timeout.toMillis()) {
      throw new UsageException("--spin-ms must be longer than --timeout-ms, or the loop ends before its"
          + " timeout; got " + spinMillis + " and " + timeout.toMillis());
    }

    System.out.println("Worker JVMs, taskTimeout " + timeout.toMillis() + " ms:");
    try (Pool pool = Pool.builder().processes(1).taskTimeout(timeout).build()) {
      long firstPid = pool.submit(() -> ProcessHandle.current().pid()).get();
      long start = System.nanoTime();
      CompletableFuture<Object> runaway = pool.submit(() -> {
        while (true) {
          Thread.onSpinWait(); // never looks at its interrupt flag, never returns
        }
      });
      report(runaway, start);
      long nextPid = pool.submit(() -> ProcessHandle.current().pid()).get();
      System.out.printf("  the next task ran at %,d ms in a fresh worker: pid %d was killed, pid %d took over%n",
          millisSince(start), firstPid, nextPid);
    }

    System.out.println("Threads, taskTimeout " + timeout.toMillis() + " ms:");
    try (Pool pool = Pool.builder().threads(1).taskTimeout(timeout).build()) {
      long start = System.nanoTime();
      CompletableFuture<Object> runaway = pool.submit(() -> {
        long end = System.nanoTime() + spinMillis * 1_000_000;
        while (System.nanoTime() < end) {
          Thread.onSpinWait(); // ignores the interrupt, but gives up after spin-ms so this example ends
        }
        return null;
      });
      report(runaway, start);
      long nextStart = pool.submit(() -> millisSince(start)).get();
      System.out.printf("  the next task could start only at %,d ms: the loop kept the thread until it gave up%n",
          nextStart);
    }
    System.out.println("Threads can only ask a task to stop; a worker JVM can be made to.");
  }

  private static void report(CompletableFuture<Object> runaway, long start) throws InterruptedException {
    try {
      runaway.get();
      System.out.println("  the loop returned before its timeout");
    } catch (ExecutionException e) {
      String outcome = e.getCause() instanceof TaskTimeoutException
          ? "TaskTimeoutException" : "unexpectedly " + e.getCause();
      System.out.printf("  the runaway task's future failed at %,d ms with %s%n", millisSince(start), outcome);
    }
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
