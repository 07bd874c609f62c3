package org.multipool.process.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap and collector defaults for worker JVMs, which share a machine with each other and with the
 * caller's JVM. A JVM left to itself is sized as if it owned the machine: each may grow its heap to
 * a quarter of the RAM, so eight workers promise twice the machine, and G1 lets the young
 * generation of a worker that runs trivial tasks grow to hundreds of megabytes.
 *
 * <ul>
 *   <li>{@code -XX:MaxRAMPercentage} = {@value #WORKERS_SHARE_OF_RAM}% / workers: a pool's workers
 *       together may never claim more than half the memory the JVM sees (the machine, or the
 *       container's limit).
 *   <li>{@code -Xms8m}: the heap starts small and grows only as far as the tasks need.
 *   <li>{@code -XX:+UseSerialGC}: a worker runs one task at a time, so a collector with threads of
 *       its own only competes with the other workers for the same cores; it also keeps no
 *       per-region bookkeeping, which a small heap does not need.
 * </ul>
 *
 * <p>The user's {@code jvmOptions}, and {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}
 * from the environment, always win: a default is left out when any of them sets the same thing,
 * because two collectors on one command line stop the JVM, as does an initial heap above the
 * maximum.
 *
 * <pre>{@code
 * List<String> options = WorkerJvmDefaults.forWorkers(4, userOptions, System.getenv());
 * }</pre>
 */
final class WorkerJvmDefaults {
  static final double WORKERS_SHARE_OF_RAM = 50.0;

  private static final String[] COLLECTOR_OPTIONS = {"-XX:+Use", "-XX:-Use"}; // ...GC, with any collector
  private static final String[] MAXIMUM_HEAP_OPTIONS = {"-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAMPercentage=",
      "-XX:MaxRAMFraction=", "-XX:MaxRAM="};
  private static final String[] INITIAL_HEAP_OPTIONS = {"-Xms", "-XX:InitialHeapSize=",
      "-XX:InitialRAMPercentage=", "-XX:InitialRAMFraction=", "-XX:MinHeapSize="};

  private WorkerJvmDefaults() {}

  /**
   * The default options for each of {@code workers} worker JVMs, leaving out what
   * {@code userOptions} or the environment's JVM option variables set.
   */
  static List<String> forWorkers(int workers, List<String> userOptions, Map<String, String> environment) {
    List<String> given = new ArrayList<>(userOptions);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      String value = environment.get(variable);
      if (value != null) {
        given.addAll(List.of(value.trim().split("\\s+")));
      }
    }
    List<String> defaults = new ArrayList<>();
    if (!setsAny(given, MAXIMUM_HEAP_OPTIONS)) {
      // Rounded by hand: String.format would load a formatter, regexes and locales on the pool's start.
      defaults.add("-XX:MaxRAMPercentage=" + Math.round(1000 * WORKERS_SHARE_OF_RAM / workers) / 1000.0);
    }
    if (!setsAny(given, INITIAL_HEAP_OPTIONS)) {
      defaults.add("-Xms8m");
    }
    if (!setsCollector(given)) {
      defaults.add("-XX:+UseSerialGC");
    }
    return defaults;
  }

  private static boolean setsAny(List<String> options, String[] prefixes) {
    for (String option : options) {
      for (String prefix : prefixes) {
        if (option.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean setsCollector(List<String> options) {
    for (String option : options) {
      for (String prefix : COLLECTOR_OPTIONS) {
        if (option.startsWith(prefix) && option.endsWith("GC")) {
          return true;
        }
      }
    }
    return false;
  }
}
