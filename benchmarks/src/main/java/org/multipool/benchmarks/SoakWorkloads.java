package org.multipool.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.multipool.Pool;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.Task;
import org.multipool.TaskFunction;
import org.multipool.WorkerCrashedException;

/**
 * The soak's workloads, one per scenario. Each checks every answer it gets, so a pool that goes on
 * running but answers wrongly fails the soak as surely as one that leaks.
 */
final class SoakWorkloads {
  /**
   * How long one task may take before the soak calls the pool stuck: far more than any task here
   * needs, even on a loaded machine.
   */
  private static final long TASK_TIMEOUT_SECONDS = 60;

  private static final Task<Integer> ONE = () -> 1;
  private static final TaskFunction<Integer, Integer> SQUARE = x -> x * x;

  private SoakWorkloads() {}

  /** {@code submit(...).get()}, one task at a time; each task captures its own number. */
  static final class Submit implements SoakWorkload {
    private final Pool pool;
    private long next;

    Submit(SoakBackend backend) {
      pool = backend.open(SoakBackend.WORKERS);
    }

    @Override
    public long step() throws Exception {
      long n = next++;
      // A capturing task, as users write them: each one is serialized afresh on processes.
      long doubled = pool.submit(() -> n * 2).get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      expect(doubled == n * 2, "task " + n + " answered " + doubled);
      return 1;
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /** {@code map} with chunk size 1: every item a batch of its own, the most messages per item. */
  static final class MapChunkOne implements SoakWorkload {
    static final int ITEMS = 20_000;

    private final List<Integer> items = Workloads.range(ITEMS);
    private final Pool pool;

    MapChunkOne(SoakBackend backend) {
      pool = backend.open(SoakBackend.WORKERS);
    }

    @Override
    public long step() {
      List<Integer> squares = pool.map(SQUARE, items, 1);
      expect(squares.size() == ITEMS, "map returned " + squares.size() + " results for " + ITEMS + " items");
      for (int i = 0; i < ITEMS; i++) {
        expect(squares.get(i) == i * i, "map item " + i + " answered " + squares.get(i));
      }
      return ITEMS;
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /** One {@code imap} over an endless stream, consumed for the whole phase and closed at its end. */
  static final class EndlessImap implements SoakWorkload {
    private static final int RESULTS_PER_STEP = 1_000;

    private final Pool pool;
    private final Stream<Integer> results;
    private final Iterator<Integer> iterator;
    private int next;

    EndlessImap(SoakBackend backend) {
      pool = backend.open(SoakBackend.WORKERS);
      Stream<Integer> opened = null;
      try {
        opened = pool.imap(SQUARE, Stream.iterate(0, i -> i + 1));
      } finally {
        if (opened == null) {
          pool.close();
        }
      }
      results = opened;
      iterator = results.iterator();
    }

    @Override
    public long step() {
      for (int i = 0; i < RESULTS_PER_STEP; i++) {
        int expected = next * next; // overflows exactly as the task's x * x does
        int square = iterator.next();
        expect(square == expected, "imap item " + next + " answered " + square);
        next++;
      }
      return RESULTS_PER_STEP;
    }

    @Override
    public void close() {
      try {
        results.close(); // cancels what was read ahead of the consumer
      } finally {
        pool.close();
      }
    }
  }

  /**
   * A task that calls {@code System.exit(3)} must fail with {@link WorkerCrashedException}, and then
   * a fresh task must be answered by a worker other than the one that died. On threads the task
   * throws instead: {@code System.exit} there would end this JVM, so threads can only show that a
   * failed task leaves nothing behind.
   */
  static final class CrashCycle implements SoakWorkload {
    private static final int EXIT_CODE = 3;
    private static final Task<Long> PID = () -> ProcessHandle.current().pid();

    private final boolean exits;
    private final Pool pool;

    CrashCycle(SoakBackend backend) {
      exits = backend.hasWorkerJvms();
      pool = backend.open(SoakBackend.WORKERS);
    }

    @Override
    public long step() throws Exception {
      Task<Long> doomed = exits
          ? () -> {
            System.exit(EXIT_CODE);
            return -1L;
          }
          : () -> {
            throw new PlannedFailure();
          };
      Throwable failure = null;
      try {
        pool.submit(doomed).get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      long lost = -1;
      if (exits) {
        expect(failure instanceof WorkerCrashedException,
            "a task that called System.exit(" + EXIT_CODE + ") ended with " + failure);
        WorkerCrashedException crash = (WorkerCrashedException) failure;
        expect(crash.exitCode() == EXIT_CODE, "the worker's exit code was " + crash.exitCode());
        lost = crash.pid();
      } else {
        expect(failure instanceof PlannedFailure, "a task that threw ended with " + failure);
      }
      long pid = pool.submit(PID).get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      expect(pid != lost, "the worker " + lost + " that exited answered the next task");
      return 1;
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /**
   * Every worker puts items into one shared queue and merges a count into one shared map; the
   * caller takes them all: the shared objects' calls, credit and waiting threads, round after round.
   */
  static final class SharedQueueAndMap implements SoakWorkload {
    static final int ITEMS_PER_WORKER = 5_000;

    private final Pool pool;
    private final SharedQueue<Integer> queue;
    private final SharedMap<String, Long> counts;
    private long rounds;

    SharedQueueAndMap(SoakBackend backend) {
      pool = backend.open(SoakBackend.WORKERS);
      queue = pool.newQueue(100);
      counts = pool.newMap();
    }

    @Override
    public long step() throws Exception {
      SharedQueue<Integer> items = queue;
      SharedMap<String, Long> merged = counts;
      List<CompletableFuture<Object>> producers = new ArrayList<>();
      for (int w = 0; w < SoakBackend.WORKERS; w++) {
        producers.add(pool.submit(() -> {
          for (int i = 0; i < ITEMS_PER_WORKER; i++) {
            items.put(i);
          }
          merged.merge("rounds", 1L, Long::sum);
          return null;
        }));
      }
      long sum = 0;
      for (int i = 0; i < SoakBackend.WORKERS * ITEMS_PER_WORKER; i++) {
        Integer item = queue.poll(Duration.ofSeconds(TASK_TIMEOUT_SECONDS));
        expect(item != null, "the shared queue ran dry after " + i + " items");
        sum += item;
      }
      for (CompletableFuture<Object> producer : producers) {
        producer.get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      rounds += SoakBackend.WORKERS;
      long expected = (long) SoakBackend.WORKERS * ITEMS_PER_WORKER * (ITEMS_PER_WORKER - 1) / 2;
      expect(sum == expected, "the shared queue delivered items summing to " + sum + ", not " + expected);
      expect(counts.get("rounds") == rounds, "the shared map counted " + counts.get("rounds") + " rounds, not " + rounds);
      return (long) SoakBackend.WORKERS * ITEMS_PER_WORKER;
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /** {@code try (Pool p = ...) { p.submit(() -> 1).get(); }}, again and again. */
  static final class OpenClose implements SoakWorkload {
    private final SoakBackend backend;

    OpenClose(SoakBackend backend) {
      this.backend = backend;
    }

    @Override
    public long step() throws Exception {
      try (Pool pool = backend.open(SoakBackend.WORKERS)) {
        int one = pool.submit(ONE).get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        expect(one == 1, "a fresh pool answered " + one);
      }
      return 1;
    }

    @Override
    public void close() {
      // every step closes its own pool
    }
  }

  /** The exception the threads' stand-in for a crash throws, told apart from any real failure. */
  static final class PlannedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PlannedFailure() {
      super("planned failure of the soak's crash cycle");
    }
  }

  private static void expect(boolean condition, String otherwise) {
    if (!condition) {
      throw new IllegalStateException(otherwise);
    }
  }
}
