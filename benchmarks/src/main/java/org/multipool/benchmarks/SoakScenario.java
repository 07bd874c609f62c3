package org.multipool.benchmarks;

import java.util.function.Function;

/**
 * The ways of using a pool for a long time that could each leak something different: many small
 * tasks, many small batches, one endless stream, shared queues and maps, workers dying and being
 * replaced, and whole pools opened and closed.
 */
enum SoakScenario {
  SUBMIT("submit().get()", "tasks", 1_000_000, true, SoakWorkloads.Submit::new),
  MAP_CHUNK_ONE("map, chunk size 1", "items", 250L * SoakWorkloads.MapChunkOne.ITEMS, true,
      SoakWorkloads.MapChunkOne::new),
  ENDLESS_IMAP("imap, endless stream", "results", 100_000_000, true, SoakWorkloads.EndlessImap::new),
  SHARED_OBJECTS("shared queue and map", "items", 20_000_000, true, SoakWorkloads.SharedQueueAndMap::new),
  CRASH_CYCLES("crash cycles", "cycles", 100, false, SoakWorkloads.CrashCycle::new),
  OPEN_CLOSE("open/close cycles", "cycles", 1_000, false, SoakWorkloads.OpenClose::new);

  private final String label;
  private final String unit;
  private final long fullCount;
  private final boolean workersLast;
  private final Function<SoakBackend, SoakWorkload> start;

  SoakScenario(String label, String unit, long fullCount, boolean workersLast,
      Function<SoakBackend, SoakWorkload> start) {
    this.label = label;
    this.unit = unit;
    this.fullCount = fullCount;
    this.workersLast = workersLast;
    this.start = start;
  }

  /** The name in the report; on threads the crash cycles say that their task throws instead. */
  String label(SoakBackend backend) {
    return this == CRASH_CYCLES && !backend.hasWorkerJvms() ? label + " (throw)" : label;
  }

  /** What one operation is, for the progress lines. */
  String unit() {
    return unit;
  }

  /** How many operations the full soak runs. */
  long fullCount() {
    return fullCount;
  }

  /**
   * Whether the same worker JVMs live through the whole scenario, so that their memory can be
   * judged; crash and open/close cycles replace them.
   */
  boolean workersLast() {
    return workersLast;
  }

  /** Opens the scenario's pool, if it keeps one, and returns its work. */
  SoakWorkload start(SoakBackend backend) {
    return start.apply(backend);
  }
}
