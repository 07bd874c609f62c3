package org.multipool.examples;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.multipool.Pool;
import org.multipool.TaskFailedException;
import org.multipool.WorkerCrashedException;

/**
 * A task that calls {@code System.exit(1)} costs one worker JVM, not the application: its future
 * fails with {@link WorkerCrashedException}, a fresh worker takes its place and the pool goes on.
 *
 * <pre>{@code
 * try {
 *   pool.submit(() -> { System.exit(1); return null; }).get();
 * } catch (ExecutionException e) {
 *   WorkerCrashedException crash = (WorkerCrashedException) e.getCause();   // pid, exit code, stderr
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CrashIsolation {
  static final Example EXAMPLE = Example.of("crash-isolation",
      "a task calls System.exit(1): on worker JVMs one worker is lost and the pool goes on",
      CrashIsolation::run);

  private CrashIsolation() {}

  /**
   * Runs the example.
   *
   * @param args none
   * @throws Exception if the pool does something other than what the example expects
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    try (Pool pool = Pool.processes(2)) {
      System.out.println("before:  workers answer from pids " + pids(pool));

      try {
        pool.submit(() -> {
          System.exit(1); // ends the JVM it runs in: here, one worker
          return null;
        }).get();
        System.out.println("crash:   the task returned; its worker is still there?");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof WorkerCrashedException)) {
          throw e;
        }
        WorkerCrashedException crash = (WorkerCrashedException) e.getCause();
        System.out.printf("crash:   worker %d exited with code %d; the task's future failed with %s%n",
            crash.pid(), crash.exitCode(), crash.getClass().getSimpleName());
      }

      // In a map, the crash fails that item only; the others are computed by the workers left.
      try {
        pool.map(x -> {
          if (x == 3) {
            System.exit(1);
          }
          return x * x;
        }, List.of(1, 2, 3, 4, 5), 1);
      } catch (TaskFailedException e) {
        System.out.printf("map:     item %d failed with %s; the pool replaced its worker%n", e.index(),
            e.getCause().getClass().getSimpleName());
      }

      System.out.println("after:   squares = " + pool.map(x -> x * x, List.of(1, 2, 3, 4, 5))
          + "; workers answer from pids " + pids(pool));
    }
    System.out.println();
    System.out.println("Not run here: the same task on Pool.threads(2) would call System.exit(1) in this JVM.");
    System.out.println("A thread shares its JVM with your application, so that ends the application, and");
    System.out.println("every other task with it; no pool of threads can catch or undo it. The same goes for");
    System.out.println("a task that runs out of memory or crashes native code. A worker JVM contains all three.");
  }

  /** The process ids of the workers that answer a few short tasks. */
  private static List<Long> pids(Pool pool) {
    return pool.map(i -> {
      Thread.sleep(50); // long enough for a second worker to take a turn, if it is up
      return ProcessHandle.current().pid();
    }, List.of(1, 2, 3, 4), 1).stream().distinct().sorted().collect(Collectors.toList());
  }
}
