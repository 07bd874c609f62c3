package org.multipool.examples;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.multipool.Pool;
import org.multipool.SharedQueue;

/**
 * Long tasks in worker JVMs report their progress through a {@link SharedQueue}, and the caller
 * draws one progress bar for all of them: the way a Python program passes a
 * {@code multiprocessing.Queue} to its workers for that. A task's reports arrive in the order it
 * sent them.
 *
 * <pre>{@code
 * SharedQueue<Step> progress = pool.newQueue(1_000);
 * pool.submit(() -> { for (...) { work(); progress.put(new Step(task, done)); } return result; });
 * for (long i = 0; i < steps; i++) bar.show(progress.take());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Progress {
  static final Example EXAMPLE = Example.of("progress",
      "long tasks in worker JVMs report progress through a shared queue; the caller draws one bar",
      Progress::run,
      Option.number("workers", 2, 1, 64, "how many worker JVMs"),
      Option.number("tasks", 4, 1, 1_000, "how many long tasks"),
      Option.number("steps", 50, 1, 100_000, "how many steps each task reports"),
      Option.number("step-ms", 20, 0, 60_000, "how long each step works"));

  /** One step a task finished. */
  record Step(int task, int done) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private Progress() {}

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
    int tasks = options.intValue("tasks");
    int steps = options.intValue("steps");
    long stepMillis = options.longValue("step-ms");
    try (Pool pool = Pool.processes(options.intValue("workers"))) {
      SharedQueue<Step> progress = pool.newQueue(1_000);
      List<CompletableFuture<Long>> running = IntStream.range(0, tasks).mapToObj(task -> pool.submit(() -> {
        long work = 0;
        for (int done = 1; done <= steps; done++) {
          long end = System.nanoTime() + stepMillis * 1_000_000;
          while (System.nanoTime() < end) {
            work++; // the task's real work would be here
          }
          progress.put(new Step(task, done));
        }
        return ProcessHandle.current().pid();
      })).collect(Collectors.toList());

      Map<Integer, Integer> lastStep = new HashMap<>();
      int outOfOrder = 0;
      try (ProgressBar bar = ProgressBar.start(tasks + " tasks in worker JVMs", (long) tasks * steps, true)) {
        for (long i = 0; i < (long) tasks * steps; i++) {
          Step step = progress.take();
          Integer before = lastStep.put(step.task(), step.done());
          outOfOrder += step.done() == (before == null ? 0 : before) + 1 ? 0 : 1;
          bar.step();
        }
      }
      long workers = running.stream().map(CompletableFuture::join).distinct().count();
      System.out.printf("%,d progress reports from %d tasks on %d worker JVMs; %s%n", (long) tasks * steps, tasks,
          workers, outOfOrder == 0 ? "each task's reports arrived in the order it sent them"
              : outOfOrder + " reports arrived out of order");
      boolean allDone = lastStep.size() == tasks && lastStep.values().stream().allMatch(done -> done == steps);
      System.out.println(allDone ? "Every task reported all " + steps + " steps." : "Some task did not finish.");
    }
  }
}
