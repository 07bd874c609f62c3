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
import java.util.concurrent.CompletableFuture;
import org.multipool.Pool;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.TaskFunction;

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
   * @param args the workload: one of the names in the usage line
   * @throws Exception if the pool fails
   */
  public static void main(String[] args) throws Exception {
    String workload = args.length == 1 ? args[0] : "";
    switch (workload) {
      case "first_result" -> firstResult();
      case "first_result_again" -> firstResultAgain();
      case "map_tiny" -> mapThroughput(200_000, 0, 7);
      case "first_map" -> firstMap();
      case "map_chunk1" -> mapChunk1AfterTinyMaps();
      case "map_records" -> mapRecords();
      case "bulk_one_way" -> bulk(Workloads.LENGTH);
      case "bulk_echo" -> bulk(Workloads.ECHO);
      case "round_trip" -> roundTrip();
      case "cpu_speedup" -> cpuSpeedup();
      case "idle_rss" -> idleRss();
      case "rss_after_submits" -> rssAfterSubmits();
      case "queue_items" -> queueItems();
      case "queue_hop" -> queueHop();
      case "shared_merge" -> sharedMerge();
      default -> {
        System.err.println("usage: SideBySide " + WORKLOADS);
        System.exit(2);
      }
    }
  }

  private static final String WORKLOADS = "first_result|first_result_again|map_tiny|first_map|map_chunk1"
      + "|map_records|bulk_one_way|bulk_echo|round_trip|cpu_speedup|idle_rss|rss_after_submits"
      + "|queue_items|queue_hop|shared_merge";

  /** In a JVM whose first pool has come and gone: what every later pool of an application costs. */
  private static void firstResultAgain() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      pool.submit(() -> 1).get();
    }
    firstResult();
  }

  /** A fresh pool's first map of quick items, one per task: what the JIT compilers have not seen yet. */
  private static void firstMap() {
    List<Integer> input = Workloads.range(20_000);
    try (Pool pool = Pool.processes(WORKERS)) {
      pool.submit(() -> 1).join(); // the workers are up: their start is first_result's business
      print("items_per_s", 20_000 / (timed(() -> pool.map(Workloads.SQUARE, input, 1)) / 1e9));
    }
  }

  /** One task per item after about a second of other work, as in an application that has been running. */
  private static void mapChunk1AfterTinyMaps() {
    List<Integer> tiny = Workloads.range(200_000);
    List<Integer> input = Workloads.range(20_000);
    try (Pool pool = Pool.processes(WORKERS)) {
      for (int i = 0; i < 3; i++) {
        pool.map(Workloads.SQUARE, tiny);
      }
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rates.add(20_000 / (timed(() -> pool.map(Workloads.SQUARE, input, 1)) / 1e9));
      }
      print("items_per_s", median(rates));
    }
  }

  private static void mapRecords() {
    List<Workloads.Sample> input = Workloads.samples(20_000);
    try (Pool pool = Pool.processes(WORKERS)) {
      pool.map(Workloads.SAMPLE_SIZE, input);
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rates.add(20_000 / (timed(() -> pool.map(Workloads.SAMPLE_SIZE, input)) / 1e9));
      }
      print("items_per_s", median(rates));
    }
  }

  /** 2,000 arrays of 100 KB through {@code function}: megabytes of input per second. */
  private static void bulk(TaskFunction<byte[], ?> function) {
    List<byte[]> input = Workloads.blobs(2_000, 100_000);
    double megabytes = 2_000 * 100_000 / 1e6;
    try (Pool pool = Pool.processes(WORKERS)) {
      pool.map(function, input);
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rates.add(megabytes / (timed(() -> pool.map(function, input)) / 1e9));
      }
      print("mb_per_s", median(rates));
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
      Set<Long> pids = workerPids(pool);
      Thread.sleep(1_000); // idle, as a worker waiting for work is
      List<Double> megabytes = new ArrayList<>();
      for (long pid : pids) {
        megabytes.add(rssKilobytes(pid) / 1024.0);
      }
      print("mb", median(megabytes));
    }
  }

  /** Both workers' resident memory when idle, then after 100,000 trivial submits, in megabytes. */
  private static void rssAfterSubmits() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      Set<Long> pids = workerPids(pool);
      Thread.sleep(1_000);
      print("idle_mb", totalRssKilobytes(pids) / 1024.0);
      for (int i = 0; i < 100_000; i++) {
        pool.submit(() -> 1).get();
      }
      print("after_mb", totalRssKilobytes(pids) / 1024.0);
    }
  }

  private static long totalRssKilobytes(Set<Long> pids) throws IOException {
    long total = 0;
    for (long pid : pids) {
      total += rssKilobytes(pid);
    }
    return total;
  }

  private static Set<Long> workerPids(Pool pool) {
    Set<Long> pids = new HashSet<>();
    while (pids.size() < WORKERS) {
      pids.addAll(pool.map(i -> {
        Thread.sleep(20);
        return ProcessHandle.current().pid();
      }, Workloads.range(WORKERS), 1));
    }
    return pids;
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

  /** Small items put by two workers and taken by the caller, through a queue of 1,000. */
  private static void queueItems() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      SharedQueue<Integer> queue = pool.newQueue(Workloads.QUEUE_CAPACITY);
      long start = System.nanoTime();
      while (System.nanoTime() - start < WARM_UP_NANOS) {
        putByWorkersTakenHere(pool, queue, 20_000);
      }
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long nanos = System.nanoTime();
        putByWorkersTakenHere(pool, queue, Workloads.QUEUE_ITEMS);
        rates.add(Workloads.QUEUE_ITEMS / ((System.nanoTime() - nanos) / 1e9));
      }
      print("items_per_s", median(rates));
    }
  }

  private static void putByWorkersTakenHere(Pool pool, SharedQueue<Integer> queue, int items) {
    List<CompletableFuture<Object>> producers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int first = w;
      producers.add(pool.submit(() -> {
        for (int i = first; i < items; i += WORKERS) {
          queue.put(i);
        }
        return null;
      }));
    }
    try {
      for (int i = 0; i < items; i++) {
        queue.take();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    producers.forEach(CompletableFuture::join);
  }

  /**
   * One item at a time from a worker to the caller: the time from just before the worker's put to
   * just after the caller's take, on the machine's monotonic clock, which every process shares.
   */
  private static void queueHop() throws Exception {
    try (Pool pool = Pool.processes(1)) {
      SharedQueue<Long> hops = pool.newQueue(1);
      SharedQueue<Boolean> go = pool.newQueue(1);
      int rounds = 7_000;
      CompletableFuture<Object> sender = pool.submit(() -> {
        for (int i = 0; i < rounds; i++) {
          go.take();
          hops.put(System.nanoTime());
        }
        return null;
      });
      List<Double> micros = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        go.put(true);
        long sent = hops.take();
        if (i >= 2_000) { // the first ones warm up
          micros.add((System.nanoTime() - sent) / 1e3);
        }
      }
      sender.join();
      Collections.sort(micros);
      print("median_us", median(micros));
      print("p99_us", micros.get((int) (micros.size() * 0.99)));
    }
  }

  /** Two workers merging counts into one shared map, 100 keys. */
  private static void sharedMerge() throws Exception {
    try (Pool pool = Pool.processes(WORKERS)) {
      SharedMap<String, Long> counts = pool.newMap();
      long start = System.nanoTime();
      while (System.nanoTime() - start < WARM_UP_NANOS) {
        mergeFromWorkers(pool, counts, 2_000);
      }
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long nanos = System.nanoTime();
        mergeFromWorkers(pool, counts, Workloads.MERGES);
        rates.add(Workloads.MERGES / ((System.nanoTime() - nanos) / 1e9));
      }
      print("merges_per_s", median(rates));
    }
  }

  private static void mergeFromWorkers(Pool pool, SharedMap<String, Long> counts, int merges) {
    List<CompletableFuture<Object>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int first = w;
      workers.add(pool.submit(() -> {
        for (int i = first; i < merges; i += WORKERS) {
          counts.merge("key-" + i % 100, 1L, Long::sum);
        }
        return null;
      }));
    }
    workers.forEach(CompletableFuture::join);
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static void print(String name, double value) {
    System.out.printf("%s %.3f%n", name, value);
  }
}
