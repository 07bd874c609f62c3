package org.multipool.benchmarks;

import java.util.function.ToDoubleFunction;

/**
 * The figures a soak judges, each with the unit it is shown in and the absolute slack it is allowed
 * on top of {@link Trend#TOLERANCE_PERCENT}: 2 for small counts, none for memory.
 */
enum Figure {
  HEAP("heap after GC (MB)", 0, sample -> sample.heapBytes() / 1048576.0),
  THREADS("threads", 2, ResourceSample::threads),
  OPEN_FILES("open fds", 2, ResourceSample::openFiles),
  WORKER_RSS("worker RSS, sum (MB)", 0, sample -> sample.workerRssSumKilobytes() / 1024.0);

  private final String heading;
  private final double slack;
  private final ToDoubleFunction<ResourceSample> value;

  Figure(String heading, double slack, ToDoubleFunction<ResourceSample> value) {
    this.heading = heading;
    this.slack = slack;
    this.value = value;
  }

  String heading() {
    return heading;
  }

  double slack() {
    return slack;
  }

  double value(ResourceSample sample) {
    return value.applyAsDouble(sample);
  }

  /** Memory to a tenth of a megabyte; counts whole, but for the median of an even number of them. */
  String format(double figure) {
    boolean count = this == THREADS || this == OPEN_FILES;
    return count && figure == Math.rint(figure) ? String.format("%,.0f", figure) : String.format("%,.1f", figure);
  }

  /** Whether this figure exists for a backend on this system: open files need /proc, RSS worker JVMs. */
  boolean measured(SoakBackend backend) {
    return switch (this) {
      case OPEN_FILES -> ResourceProbe.countsOpenFiles();
      case WORKER_RSS -> backend.hasWorkerJvms();
      default -> true;
    };
  }

  /**
   * Whether a verdict on this figure means anything in a scenario: worker memory only where the
   * same workers live through it, as a fresh JVM's memory says nothing about a leak.
   */
  boolean judged(SoakScenario scenario, SoakBackend backend) {
    return measured(backend) && (this != WORKER_RSS || scenario.workersLast());
  }
}
