package org.multipool.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The soak: proves that Multipool does not leak under long use. Every scenario of
 * {@link SoakScenario} (a million {@code submit().get()}, maps with chunk size 1, an endless
 * {@code imap}, crash-and-replace cycles, pool open/close cycles) runs on {@code processes(2)} and on
 * {@code threads(2)}, while {@link ResourceProbe} samples the parent's heap after a full GC, its
 * threads and open file descriptors, and each worker JVM's resident memory. Each figure must stay
 * flat (see {@link Trend}); the exit code is 0 when all do, 1 when one does not or a scenario fails,
 * 2 for bad options. Only the public API is used, as a user would.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.Soak               # full counts
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.Soak --seconds 30  # the CI run
 * }</pre>
 */
public final class Soak {
  /** Enough samples for a tenth to be five of them, so its median shrugs off two odd ones. */
  private static final int FULL_SAMPLES = 50;

  /**
   * Fewer samples for a short run, whose every sample's two full GCs would otherwise eat its
   * budget; still two per tenth.
   */
  private static final int SHORT_SAMPLES = 20;

  /** Far longer than any step or sample takes, even with other JVMs on the same two cores. */
  private static final Duration STALL = Duration.ofMinutes(3);

  private Soak() {}

  /**
   * Runs the soak and exits with 0 if every figure stayed flat, 1 if not, 2 for bad options.
   *
   * @param args {@code --seconds N} for a soak of about N seconds in all, {@code --help}
   */
  public static void main(String[] args) {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (SoakOptions.UsageException e) {
      System.err.println("soak: " + e.getMessage());
      SoakOptions.printUsage(System.err);
      System.exit(2);
      return;
    }
    if (options.help()) {
      SoakOptions.printUsage(System.out);
      return;
    }
    if (!run(options.budget())) {
      System.exit(1);
    }
  }

  /** Runs every scenario on every backend, prints the report and returns whether it passed. */
  static boolean run(Optional<Duration> budget) {
    int samples = budget.isPresent() ? SHORT_SAMPLES : FULL_SAMPLES;
    System.out.printf("Multipool soak: %s, %d samples per run; %d cores, %s %s%n",
        budget.map(b -> "about " + b.toSeconds() + " s in all, counts capped by time").orElse("full counts"),
        samples, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"));
    ResourceProbe probe = new ResourceProbe();
    List<SoakScenario> scenarios = List.of(SoakScenario.values());
    List<SoakBackend> backends = List.of(SoakBackend.PROCESSES, SoakBackend.THREADS);
    int runs = scenarios.size() * backends.size();
    List<PhaseResult> results = new ArrayList<>();
    long start = System.nanoTime();
    try (SoakWatchdog watchdog = SoakWatchdog.start(STALL)) {
      for (SoakScenario scenario : scenarios) {
        for (SoakBackend backend : backends) {
          // An equal share of what is left, so time one run saves or overspends evens out over the rest.
          long spent = System.nanoTime() - start;
          long share = budget.map(total -> (total.toNanos() - spent) / (runs - results.size()))
              .orElse(Long.MAX_VALUE);
          results.add(new SoakPhase(scenario, backend, scenario.fullCount(), share, samples, probe, watchdog).run());
        }
      }
    }
    System.out.println();
    boolean passed = new SoakReport(results).print(System.out);
    System.out.printf("soak took %.1f s%n", (System.nanoTime() - start) / 1e9);
    return passed;
  }
}
