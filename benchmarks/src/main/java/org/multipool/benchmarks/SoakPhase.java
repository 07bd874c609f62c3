package org.multipool.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one scenario on one backend until its count or its time budget is reached, and samples the
 * resources at regular points of the way.
 *
 * <p>A run starts with a warm-up that is not sampled: the first tenth of its count, and at most
 * {@value #WARM_UP_SECONDS} s; then, while worker JVMs are still growing, until their resident memory
 * has stayed within {@value #SETTLED_PERCENT}% for {@value #SETTLED_MILLIS} ms, and at most
 * {@value #MAX_WARM_UP_SECONDS} s in all. A fresh JVM grows for its first seconds, as its classes load
 * and its JIT compiles the hot code: a worker's compiler arenas take about 10 MB once it has run a
 * few thousand tasks, which a busy machine reaches only after the first two seconds. Taking that for
 * the baseline would call start-up a leak; a leak, unlike a warm-up, goes on growing after the
 * warm-up's cap. After the warm-up, a sample is taken after every {@code 1/samples} of the rest of
 * the count or of the budget, whichever comes first, the last one at the end.
 *
 * <p>The sampled part lasts at least {@value #MIN_SAMPLED_SECONDS} s and a step per sample, even
 * when the warm-up used up the budget or the steps are slow: samples taken back to back would show
 * no growth whatever leaks, and fewer samples would leave the tenths a verdict compares
 * meaningless.
 */
final class SoakPhase {
  static final int WARM_UP_SECONDS = 2;

  static final int MIN_SAMPLED_SECONDS = 1;

  static final int MAX_WARM_UP_SECONDS = 10;

  static final int SETTLED_MILLIS = 1000;

  static final int SETTLED_PERCENT = 1;

  private static final long WARM_UP_NANOS = WARM_UP_SECONDS * 1_000_000_000L;
  private static final long MIN_SAMPLED_NANOS = MIN_SAMPLED_SECONDS * 1_000_000_000L;
  private static final long MAX_WARM_UP_NANOS = MAX_WARM_UP_SECONDS * 1_000_000_000L;
  private static final long SETTLED_NANOS = SETTLED_MILLIS * 1_000_000L;

  private final SoakScenario scenario;
  private final SoakBackend backend;
  private final long count;
  private final long budgetNanos;
  private final int samples;
  private final ResourceProbe probe;
  private final SoakWatchdog watchdog;

  /**
   * @param budgetNanos the time budget, or {@code Long.MAX_VALUE} for none: then only the count ends it
   */
  SoakPhase(SoakScenario scenario, SoakBackend backend, long count, long budgetNanos, int samples,
      ResourceProbe probe, SoakWatchdog watchdog) {
    this.scenario = scenario;
    this.backend = backend;
    this.count = count;
    this.budgetNanos = Math.max(1, budgetNanos);
    this.samples = samples;
    this.probe = probe;
    this.watchdog = watchdog;
  }

  PhaseResult run() {
    String name = scenario.label(backend) + " on " + backend.label();
    watchdog.doing(name);
    List<ResourceSample> taken = new ArrayList<>();
    long operations = 0;
    long busy = 0;
    long start = System.nanoTime();
    long warmOperations = -1; // operations done when the warm-up ended; -1 while it lasts
    long warmNanos = -1;
    long sampledNanos = -1; // how long the sampled part may take
    // Only where the same worker JVMs live through the run: replaced ones never settle.
    WorkerGrowth workers = new WorkerGrowth(probe, backend.hasWorkerJvms() && scenario.workersLast());
    try (SoakWorkload work = scenario.start(backend)) {
      while (true) {
        long before = System.nanoTime();
        operations += work.step();
        long after = System.nanoTime();
        busy += after - before;
        watchdog.alive();
        long elapsed = after - start;
        if (warmOperations < 0) {
          boolean settled = workers.settled(after); // read at every step, so its window is full by then
          boolean warm = operations >= count / 10 || elapsed >= WARM_UP_NANOS;
          if (!warm || (!settled && elapsed < MAX_WARM_UP_NANOS)) {
            continue;
          }
          warmOperations = operations;
          warmNanos = elapsed;
          sampledNanos = budgetNanos == Long.MAX_VALUE ? Long.MAX_VALUE
              : Math.max(MIN_SAMPLED_NANOS, budgetNanos - warmNanos);
          System.err.printf("soak: %s: warmed up after %,d %s, %.1f s%n", name, operations, scenario.unit(),
              elapsed / 1e9);
        }
        long sampling = elapsed - warmNanos;
        if (taken.size() < samplesDue(operations - warmOperations, count - warmOperations, sampling,
            sampledNanos)) {
          taken.add(probe.sample());
          watchdog.alive();
          if (taken.size() % Math.max(1, samples / 10) == 0) {
            progress(name, operations, elapsed, taken.get(taken.size() - 1));
          }
        }
        if (operations >= count || (sampling >= sampledNanos && taken.size() >= samples)) {
          return new PhaseResult(scenario, backend, operations, busy, taken, Optional.empty());
        }
      }
    } catch (Exception e) {
      System.err.println("soak: " + name + " failed after " + operations + " " + scenario.unit() + ":");
      e.printStackTrace();
      return new PhaseResult(scenario, backend, operations, busy, taken, Optional.of(String.valueOf(e)));
    }
  }

  /**
   * How many samples should have been taken by now, by the part of the count done or the part of
   * the time spent since the warm-up; all of them once either is used up.
   */
  private int samplesDue(long operations, long ofOperations, long elapsedNanos, long ofNanos) {
    if (operations >= ofOperations || elapsedNanos >= ofNanos) {
      return samples;
    }
    long byCount = operations * samples / ofOperations;
    long byTime = ofNanos == Long.MAX_VALUE ? 0 : elapsedNanos / (ofNanos / samples + 1);
    return (int) Math.min(samples, Math.max(byCount, byTime));
  }

  private void progress(String name, long operations, long elapsedNanos, ResourceSample sample) {
    String files = sample.openFiles() < 0 ? "n/a" : Integer.toString(sample.openFiles());
    String workers = sample.workerRssKilobytes().isEmpty() ? "none"
        : String.format("%d, %.1f MB", sample.workerRssKilobytes().size(), sample.workerRssSumKilobytes() / 1024.0);
    System.err.printf("soak: %s: %,d/%,d %s, %.1f s; heap %.1f MB, %d threads, %s fds, worker JVMs %s%n",
        name, operations, count, scenario.unit(), elapsedNanos / 1e9, sample.heapBytes() / 1048576.0,
        sample.threads(), files, workers);
  }

  /**
   * Whether the worker JVMs' resident memory has settled: it is read every tenth of
   * {@link #SETTLED_MILLIS}, and has settled once the latest reading is within
   * {@link #SETTLED_PERCENT}% of the one a whole {@link #SETTLED_MILLIS} before.
   */
  private static final class WorkerGrowth {
    private static final int READINGS = 10;

    private final ResourceProbe probe;
    private final boolean measured;
    private final long[] readings = new long[READINGS + 1];
    private int taken;
    private long nextReading;
    private boolean settled;

    WorkerGrowth(ResourceProbe probe, boolean measured) {
      this.probe = probe;
      this.measured = measured;
    }

    boolean settled(long now) {
      if (!measured) {
        return true;
      }
      if (taken > 0 && now - nextReading < 0) {
        return settled; // the verdict of the latest reading
      }
      nextReading = now + SETTLED_NANOS / READINGS;
      readings[taken++ % readings.length] = probe.workerRssSumKilobytes();
      if (taken < readings.length) {
        return false;
      }
      // The ring holds the latest reading and the ten before it, the oldest a second back.
      long latest = readings[(taken - 1) % readings.length];
      long aSecondBefore = readings[taken % readings.length];
      settled = Math.abs(latest - aSecondBefore) * 100 <= aSecondBefore * SETTLED_PERCENT;
      return settled;
    }
  }
}
