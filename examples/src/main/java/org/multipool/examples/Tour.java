package org.multipool.examples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.multipool.Pool;
import org.multipool.TaskFailedException;
import org.multipool.WorkerCrashedException;

/**
 * The first five minutes with Multipool: {@code map}, {@code submit}, {@code imap} and what a
 * failing task looks like, on a pool of threads; then the same calls on worker JVMs, where a task
 * that ends its JVM costs one worker and nothing else.
 *
 * <p>Run it with {@code java -jar examples/target/multipool-examples.jar tour}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.threads(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Tour {
  static final Example EXAMPLE = Example.of("tour",
      "map, submit, imap and a failing item on threads, then the same calls on worker JVMs", Tour::run);

  private Tour() {}

  /**
   * Runs the tour.
   *
   * @param args none
   * @throws Exception if a step fails unexpectedly
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    // try-with-resources: close() lets queued work finish and waits until every worker has exited.
    try (Pool pool = Pool.threads(4)) {
      System.out.println("Pool: " + pool.workers() + " workers on " + pool.backend());

      // map: like Python's Pool.map, results come back in input order.
      List<Integer> numbers = IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList());
      List<Integer> squares = pool.map(x -> x * x, numbers);
      System.out.println("map      squares of 1..10 = " + squares);

      // submit: one task, a CompletableFuture back (Python's apply_async).
      CompletableFuture<String> greeting = pool.submit(() -> "hello from " + Thread.currentThread().getName());
      System.out.println("submit   " + greeting.get());

      // imap: lazy and bounded, so even an endless stream works; results stay in input order.
      try (Stream<Long> cubes = pool.imap(x -> (long) x * x * x, Stream.iterate(1, x -> x + 1))) {
        System.out.println("imap     first cubes = " + cubes.limit(8).collect(Collectors.toList()));
      }

      // A failing item is reported with its position; the pool stays usable.
      try {
        pool.map(x -> 100 / x, List.of(5, 0, 4));
      } catch (TaskFailedException e) {
        System.out.println("failure  item " + e.index() + " failed with " + e.getCause());
      }

      // I/O-bound work overlaps: 8 waits of 100 ms take about 200 ms on 4 threads.
      long start = System.nanoTime();
      pool.map(ms -> { Thread.sleep(ms); return ms; }, List.of(100, 100, 100, 100, 100, 100, 100, 100));
      System.out.println("waits    8 x 100 ms on 4 threads took "
          + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }
    System.out.println("Pool closed: no worker left running.");

    // The same API on worker JVMs: each task runs in a JVM of its own, isolated from this one.
    try (Pool processes = Pool.processes(2)) {
      List<Integer> squares = processes.map(x -> x * x, List.of(1, 2, 3, 4));
      System.out.println("processes squares = " + squares + " from worker JVMs");
      try {
        processes.submit(() -> {
          System.exit(3); // would end a thread pool's whole application
          return null;
        }).get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof WorkerCrashedException)) {
          throw e;
        }
        WorkerCrashedException crash = (WorkerCrashedException) e.getCause();
        System.out.println("crash    worker " + crash.pid() + " exited with code " + crash.exitCode()
            + "; only its task failed");
      }
      System.out.println("after    " + processes.submit(() -> "a fresh worker answers").get());
    }
    System.out.println("Process pool closed: no worker JVM left running.");
  }
}
