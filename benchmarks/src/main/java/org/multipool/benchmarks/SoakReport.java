package org.multipool.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints the soak's one table, a row per scenario and backend with each figure's first and last
 * tenth, and the verdicts; says why any figure is not judged, so a reader never wonders whether a
 * missing verdict is a pass.
 */
final class SoakReport {
  /** Fewer samples than this leave the tenths a verdict compares without meaning. */
  static final int MIN_SAMPLES = 10;

  private static final Figure[] FIGURES = Figure.values();

  private final List<PhaseResult> results;
  private final List<String> failures = new ArrayList<>();

  SoakReport(List<PhaseResult> results) {
    this.results = List.copyOf(results);
  }

  /** Prints the table and the notes; returns whether every verdict passed. */
  boolean print(PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    List<String> headings = new ArrayList<>(List.of("scenario", "backend", "operations", "ops/s"));
    for (Figure figure : FIGURES) {
      headings.add(figure.heading());
    }
    headings.add("verdict");
    rows.add(headings.toArray(new String[0]));
    for (PhaseResult result : results) {
      rows.add(row(result));
    }
    printTable(out, rows);
    out.println();
    printNotes(out);
    out.println();
    if (failures.isEmpty()) {
      out.println("soak: PASS, every judged figure stayed flat");
    } else {
      out.println("soak: FAIL");
      failures.forEach(failure -> out.println("  " + failure));
    }
    return failures.isEmpty();
  }

  private String[] row(PhaseResult result) {
    String name = result.scenario().label(result.backend()) + " on " + result.backend().label();
    List<String> cells = new ArrayList<>(List.of(result.scenario().label(result.backend()),
        result.backend().label(), String.format("%,d", result.operations()),
        rate(result.operationsPerSecond())));
    boolean pass = result.error().isEmpty();
    result.error().ifPresent(error -> failures.add(name + ": " + error));
    boolean enoughSamples = result.samples().size() >= MIN_SAMPLES;
    if (!enoughSamples && result.error().isEmpty()) {
      pass = false;
      failures.add(name + ": only " + result.samples().size() + " samples, " + MIN_SAMPLES + " needed");
    }
    for (Figure figure : FIGURES) {
      if (!figure.measured(result.backend())) {
        cells.add("n/a");
        continue;
      }
      if (!enoughSamples) {
        cells.add("too few samples");
        continue;
      }
      Trend trend = Trend.of(result.samples().stream().map(figure::value).toList());
      String change = figure.format(trend.first()) + " -> " + figure.format(trend.last()) + " " + percent(trend);
      if (!figure.judged(result.scenario(), result.backend())) {
        cells.add(change + " not judged");
        continue;
      }
      boolean flat = trend.flat(figure.slack());
      if (figure == Figure.WORKER_RSS && !sameWorkersThroughout(result)) {
        flat = false;
        failures.add(name + ": worker JVMs were replaced although no task made them exit: "
            + workerHistory(result));
      } else if (!flat) {
        failures.add(name + ": " + figure.heading() + " went from " + figure.format(trend.first()) + " to "
            + figure.format(trend.last()) + " " + percent(trend));
      }
      cells.add(change + (flat ? " PASS" : " FAIL"));
      pass &= flat;
    }
    cells.add(result.error().isPresent() ? "ERROR" : pass ? "PASS" : "FAIL");
    return cells.toArray(new String[0]);
  }

  private void printNotes(PrintStream out) {
    int samples = results.stream().mapToInt(result -> result.samples().size()).max().orElse(0);
    out.printf("""
        Each figure: first -> last tenth, the medians of the first and the last tenth of the samples
        (%d per run here), taken at regular points of each run after its warm-up (a tenth of its
        count, %d s at most; then, while worker JVMs still grow as their JIT compiles, until their
        RSS stays within %d%% for %d ms, %d s at most in all), each after two full GCs. PASS: the two differ by at most %d%%, either way;
        threads and open fds may also differ by 2, as 20 becoming 22 is a thread starting or ending,
        not a leak. ops/s counts the time spent in the work, not in sampling.
        Worker JVMs run with %s: their RSS does not grow as a default
        heap is touched for the first time, and a heap leak in a worker ends in OutOfMemoryError,
        which fails its run.
        Crash cycles: on processes a task calls System.exit(3) and must fail with
        WorkerCrashedException, then another worker must answer a fresh task. (throw): on threads the
        task throws instead, as System.exit would end this JVM.
        Worker RSS is judged only where the same worker JVMs live through the run: crash cycles replace
        them, and open/close cycles sample between pools, when none is alive, so there it is only shown.
        """, samples, SoakPhase.WARM_UP_SECONDS, SoakPhase.SETTLED_PERCENT, SoakPhase.SETTLED_MILLIS,
        SoakPhase.MAX_WARM_UP_SECONDS, Trend.TOLERANCE_PERCENT,
        String.join(" ", SoakBackend.WORKER_JVM_OPTIONS));
    if (!ResourceProbe.countsOpenFiles()) {
      out.println("open fds: n/a, this system has no /proc/self/fd.");
    }
    for (PhaseResult result : results) {
      if (result.backend().hasWorkerJvms() && result.samples().size() >= MIN_SAMPLES) {
        out.println("worker RSS, " + result.scenario().label(result.backend()) + ": " + perWorker(result));
      }
    }
  }

  /** Each worker's own first and last tenth where the workers last, else how many there were. */
  private static String perWorker(PhaseResult result) {
    Map<Long, List<Double>> byPid = new TreeMap<>();
    for (ResourceSample sample : result.samples()) {
      sample.workerRssKilobytes().forEach((pid, kilobytes) ->
          byPid.computeIfAbsent(pid, key -> new ArrayList<>()).add(kilobytes / 1024.0));
    }
    if (byPid.isEmpty()) {
      return "no worker JVM alive at any sample";
    }
    if (!result.scenario().workersLast() || !sameWorkersThroughout(result)) {
      double least = byPid.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).min().orElse(0);
      double most = byPid.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(0);
      return String.format("%d worker JVMs seen at the samples, %.1f to %.1f MB each", byPid.size(), least, most);
    }
    List<String> workers = new ArrayList<>();
    byPid.forEach((pid, values) -> {
      Trend trend = Trend.of(values);
      workers.add("pid " + pid + " " + Figure.WORKER_RSS.format(trend.first()) + " -> "
          + Figure.WORKER_RSS.format(trend.last()) + " MB " + percent(trend));
    });
    return String.join(", ", workers);
  }

  /** Whether every sample saw the same worker JVMs, and at least one. */
  private static boolean sameWorkersThroughout(PhaseResult result) {
    Set<Long> first = result.samples().get(0).workerRssKilobytes().keySet();
    return !first.isEmpty()
        && result.samples().stream().allMatch(sample -> sample.workerRssKilobytes().keySet().equals(first));
  }

  private static String workerHistory(PhaseResult result) {
    Set<Long> pids = new TreeSet<>();
    result.samples().forEach(sample -> pids.addAll(sample.workerRssKilobytes().keySet()));
    return pids.size() + " different worker pids over " + result.samples().size() + " samples";
  }

  /** Whole operations per second, but a tenth for the slow ones (a JVM started per cycle). */
  private static String rate(double perSecond) {
    return perSecond >= 100 ? String.format("%,.0f", perSecond) : String.format("%.1f", perSecond);
  }

  private static String percent(Trend trend) {
    double change = trend.percentChange();
    return Double.isInfinite(change) ? "(new)" : String.format("(%+.1f%%)", change);
  }

  /** Columns as wide as their widest cell; counts right-aligned so their digits line up. */
  private static void printTable(PrintStream out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        boolean number = i == 2 || i == 3;
        String format = "%" + (number ? "" : "-") + widths[i] + "s";
        line.append(i == 0 ? "" : "  ").append(String.format(format, rows.get(r)[i]));
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        out.println("-".repeat(line.toString().stripTrailing().length()));
      }
    }
  }
}
