package org.multipool.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.multipool.Pool;

/**
 * Multipool's half of {@code benchmarks/side_by_side.py}: runs one workload in a fresh JVM and prints
 * {@code name value} lines. The script runs Python's pools on the same workloads, alternating the
 * two, and prints the table.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.SideBySide map_tiny
 * }</pre>
 */
public final class SideBySide {
  private static final int WORKERS = 2;
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private SideBySide() {}

  /**
   * Runs the workload named by {@code args[0]}.
   *
   * @param args one of map_tiny, map_chunk1, round_trip, first_result, cpu_speedup, idle_rss
   * @throws Exception if the pool fails
   */
  public static void main(String[] args) throws Exception {
    String workload = args.length == 1 ? args[0] : "";
    switch (workload) {
      case "first_result" -> firstResult();
      case "map_tiny" -> mapThroughput(200_000, 0, 7);
      case "map_chunk1" -> mapThroughput(20_000, 1, 5);
      case "round_trip" -> roundTrip();
      case "cpu_speedup" -> cpuSpeedup();
      case "idle_rss" -> idleRss();
      default -> {
        System.err.println("usage: SideBySide first_result|map_tiny|map_chunk1|round_trip|cpu_speedup|idle_rss");
        System.exit(2);
      }
    }
  }

  private static void firstResult() throws Exception {
    long start = System.nanoTime();
    try (Pool pool = Pool.processes(WORKERS)) {
      pool.submit(() -> 1).get();
      print("ms", (System.nanoTime() - start) / 1e6);
    }
  }

  /** Steady state, as JMH measures it: the workers' JIT compilers need a few seconds to settle. */
  private static void mapThroughput(int items, int chunkSize, int runs) {
    List<Integer> input = Workloads.range(items);
    try (Pool pool = Pool.processes(WORKERS)) {
      LongSupplier run = () -> timed(() -> {
        if (chunkSize == 0) {
          pool.map(Workloads.SQUARE, input);
        } else {
          pool.map(Workloads.SQUARE, input, chunkSize);
        }
      });
      long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
      while (System.nanoTime() < warmUpEnd) {
        run.getAsLong();
      }
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        rates.add(items / (run.getAsLong() / 1e9));
      }
      print("items_per_s", median(rates));
    }
  }

  private static void roundTrip() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      for (int i = 0; i < 2_000; i++) {
        pool.submit(() -> 1).get();
      }
      List<Double> micros = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        long start = System.nanoTime();
        pool.submit(() -> 1).get();
        micros.add((System.nanoTime() - start) / 1e3);
      }
      Collections.sort(micros);
      print("median_us", median(micros));
      print("p99_us", micros.get((int) (micros.size() * 0.99)));
    }
  }

  private static void cpuSpeedup() {
    List<Long> tasks = Workloads.cpuTasks(8, 100_000_000); // about 0.1 s each: long enough to measure steadily
    try (Pool one = Pool.processes(1); Pool two = Pool.processes(WORKERS)) {
      Runnable onOne = () -> one.map(Workloads.SUM_LOOP, tasks, 1);
      Runnable onTwo = () -> two.map(Workloads.SUM_LOOP, tasks, 1);
      onOne.run();
      onTwo.run();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < 5; i++) { // alternate, so drift hits both alike
        ratios.add((double) timed(onOne) / timed(onTwo));
      }
      print("speedup", median(ratios));
    }
  }

  private static void idleRss() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      Set<Long> pids = new HashSet<>();
      while (pids.size() < WORKERS) {
        pids.addAll(pool.map(i -> {
          Thread.sleep(20);
          return ProcessHandle.current().pid();
        }, Workloads.range(WORKERS), 1));
      }
      Thread.sleep(1_000); // idle, as a worker waiting for work is
      List<Double> megabytes = new ArrayList<>();
      for (long pid : pids) {
        megabytes.add(rssKilobytes(pid) / 1024.0);
      }
      print("mb", median(megabytes));
    }
  }

  /** Resident memory from {@code /proc}: Linux only, as the comparison script is. */
  static long rssKilobytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void print(String name, double value) {
    System.out.printf("%s %.3f%n", name, value);
  }
}
