package org.multipool.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.multipool.Pool;
import org.multipool.TaskFunction;

/**
 * The classic lesson, measured on the JVM: CPU-bound and I/O-bound work, run sequentially, on
 * threads, on virtual threads and on worker JVMs, with wall time, speedup and CPU time per cell.
 *
 * <p>What it teaches: on the JVM, threads run CPU-bound work in parallel (there is no global
 * interpreter lock), so threads and worker JVMs both use every core and worker JVMs win on isolation,
 * not on speed. Work that waits is about how many tasks can wait at once, which costs next to
 * nothing on virtual threads and a whole JVM per waiting task on processes.
 *
 * <pre>{@code
 * java -jar examples/target/multipool-examples.jar compare --steps 100000000 --waits 400
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Compare {
  static final Example EXAMPLE = Example.of("compare",
      "the main example: threads vs processes vs sequential on CPU-bound and I/O-bound work, measured",
      Compare::run,
      Option.number("workers", Runtime.getRuntime().availableProcessors(), 1, 256,
          "threads and worker JVMs for the CPU-bound work"),
      Option.number("steps", 30_000_000, 1, 100_000_000_000L, "loop steps in each CPU-bound task"),
      Option.number("waits", 100, 1, 100_000, "I/O-bound tasks"),
      Option.number("wait-ms", 10, 0, 60_000, "how long each I/O-bound task waits, in ms"),
      Option.number("io-workers", 10, 1, 256, "threads and worker JVMs for the I/O-bound work"),
      Option.number("runs", 3, 1, 100, "timed runs per cell; the table shows the median"),
      Option.flag("no-progress", "do not draw a progress bar"));

  private Compare() {}

  /**
   * Runs the comparison.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int workers = options.intValue("workers");
    int ioWorkers = options.intValue("io-workers");
    int waits = options.intValue("waits");
    Bench bench = new Bench(options.intValue("runs"), !options.flag("no-progress"));

    System.out.printf("Multipool compare: %d cores, Java %s (%s)%n%n", Runtime.getRuntime().availableProcessors(),
        Runtime.version(), System.getProperty("java.vm.name"));

    long steps = options.longValue("steps");
    Workload perCore = Workload.cpu(workers, steps);
    Workload more = Workload.cpu(4 * workers, steps);
    bench.sequential(perCore, more);
    try (Pool threads = Pool.threads(workers)) {
      bench.pool(threads, "threads(" + workers + ")", perCore, more);
    }
    try (Pool processes = bench.start(() -> Pool.processes(workers), "processes(" + workers + ")", workers)) {
      bench.pool(processes, "processes(" + workers + ")", perCore, more);
    }

    Workload io = Workload.io(waits, options.intValue("wait-ms"));
    bench.sequential(io);
    try (Pool threads = Pool.threads(ioWorkers)) {
      bench.pool(threads, "threads(" + ioWorkers + ")", io);
    }
    if (Runtime.version().feature() >= 21) {
      try (Pool virtual = Pool.builder().virtualThreads(waits).build()) {
        bench.pool(virtual, "virtualThreads(" + waits + ")", io);
      }
    } else {
      bench.skip(io, "virtualThreads", "needs JDK 21+");
    }
    try (Pool processes = bench.start(() -> Pool.processes(ioWorkers), "processes(" + ioWorkers + ")",
        ioWorkers)) {
      bench.pool(processes, "processes(" + ioWorkers + ")", io);
    }

    bench.printTable();
    System.out.println();
    System.out.println(verdict(bench, perCore, "CPU-bound, one task per core"));
    System.out.println(verdict(bench, more, "CPU-bound, more tasks than cores"));
    System.out.println(verdict(bench, io, "I/O-bound"));
    System.out.println();
    System.out.println("On the JVM, threads run CPU-bound work in parallel too: there is no global interpreter lock.");
    System.out.println("Worker JVMs win on isolation, not on speed: a task that exits, runs out of memory or never");
    System.out.println("returns costs one worker, not your application.");
    System.out.println(bench.startUpNote());
  }

  /** One verdict line: who won the workload, and why. */
  private static String verdict(Bench bench, Workload workload, String title) {
    List<Cell> ranked = new ArrayList<>();
    bench.cells(workload).stream().filter(cell -> cell.wall != null)
        .sorted(Comparator.comparing(cell -> cell.wall)).forEach(ranked::add);
    Cell winner = ranked.get(0);
    if (winner.backend.equals("sequential")) {
      return title + ": sequential won: tasks this small cost less to run than to hand to a pool; give them more work.";
    }
    StringBuilder others = new StringBuilder();
    ranked.stream().skip(1).filter(cell -> !cell.backend.equals("sequential"))
        .forEach(cell -> others.append(String.format("; %s %.1fx", cell.backend, cell.speedup)));
    String why = workload.cpuBound
        ? "threads and worker JVMs both keep every core busy (see cpu/wall); what worker JVMs add is"
            + " serialization, and a JIT warm-up in each worker"
        : "waiting costs no CPU, so what counts is how many tasks wait at once, and a JVM per waiting task"
            + " is the dearest way to wait" + (bench.ran("virtualThreads") ? ", a virtual thread the cheapest" : "");
    return String.format("%s: %s won (%.1fx over sequential%s): %s.", title, winner.backend, winner.speedup, others,
        why);
  }

  /** The work of one table section: a function and the items it is applied to. */
  static final class Workload {
    final String name;
    final boolean cpuBound;
    final List<Long> items;
    final TaskFunction<Long, Long> task;

    private Workload(String name, boolean cpuBound, List<Long> items, TaskFunction<Long, Long> task) {
      this.name = name;
      this.cpuBound = cpuBound;
      this.items = items;
      this.task = task;
    }

    static Workload cpu(int tasks, long steps) {
      return new Workload(String.format("CPU %d x %,d steps", tasks, steps), true,
          Collections.nCopies(tasks, steps), Compare::sumLoop);
    }

    static Workload io(int tasks, long waitMillis) {
      return new Workload(String.format("I/O %d x %d ms wait", tasks, waitMillis), false,
          Collections.nCopies(tasks, waitMillis), Compare::waitFor);
    }
  }

  /** The CPU-bound task: an integer-summing loop the JIT cannot fold into a formula. */
  static long sumLoop(long steps) {
    long sum = 0;
    for (long i = 0; i < steps; i++) {
      sum += i * i % 7;
    }
    return sum;
  }

  /** The I/O-bound task: it waits, as a task waiting for a network reply or a disk would. */
  static long waitFor(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** One cell of the table. */
  static final class Cell {
    final Workload workload;
    final String backend;
    final Duration wall; // null when the backend could not run here
    final double speedup;
    final double cpuPerWall;
    final String note;

    Cell(Workload workload, String backend, Duration wall, double speedup, double cpuPerWall, String note) {
      this.workload = workload;
      this.backend = backend;
      this.wall = wall;
      this.speedup = speedup;
      this.cpuPerWall = cpuPerWall;
      this.note = note;
    }
  }

  /** Times workloads on backends and keeps the cells. */
  static final class Bench {
    /** Runs every item of a workload, counting each finished item on the bar. */
    @FunctionalInterface
    interface Runner {
      void run(Workload workload, ProgressBar bar) throws Exception;
    }

    /** Creates a pool. */
    @FunctionalInterface
    interface PoolFactory {
      Pool create();
    }

    private final int runs;
    private final boolean progress;
    private final List<Cell> cells = new ArrayList<>();
    private final List<String> startUps = new ArrayList<>();

    Bench(int runs, boolean progress) {
      this.runs = runs;
      this.progress = progress;
    }

    void sequential(Workload... workloads) throws Exception {
      for (Workload workload : workloads) {
        // Waiting needs no warm-up; a loop in this JVM needs the JIT compiler's.
        measure(workload, "sequential", workload.cpuBound, (w, bar) -> {
          for (Long item : w.items) {
            w.task.apply(item);
            bar.step();
          }
        });
      }
    }

    void pool(Pool pool, String backend, Workload... workloads) throws Exception {
      for (Workload workload : workloads) {
        // The map's future tells how many items are done, which moves the bar.
        measure(workload, backend, true, (w, bar) -> bar.follow(pool.mapAsync(w.task, w.items)));
      }
    }

    /**
     * Starts a pool and waits until every worker has answered, so that no timed run waits for a
     * JVM to start; the table leaves start-up out, the note after it gives the time.
     */
    Pool start(PoolFactory factory, String backend, int workers) throws Exception {
      long begin = System.nanoTime();
      Pool pool = factory.create();
      try {
        Set<Long> answered = new HashSet<>();
        while (answered.size() < workers) {
          // One short task per worker and round; rounds repeat until every worker has answered once.
          answered.addAll(pool.map(i -> {
            Thread.sleep(20);
            return ProcessHandle.current().pid();
          }, Collections.nCopies(workers, 0), 1));
        }
      } catch (RuntimeException | Error e) {
        pool.terminate();
        throw e;
      }
      startUps.add(String.format("%s had every worker up after %,d ms", backend,
          (System.nanoTime() - begin) / 1_000_000));
      return pool;
    }

    void skip(Workload workload, String backend, String why) {
      cells.add(new Cell(workload, backend, null, 0, 0, why));
    }

    /** Times {@code runs} runs, after an untimed one if {@code warmUp}: JIT compiling, class loading. */
    private void measure(Workload workload, String backend, boolean warmUp, Runner runner) throws Exception {
      int total = warmUp ? runs + 1 : runs;
      List<Duration> walls = new ArrayList<>();
      Duration cpu = Duration.ZERO;
      Duration wallSum = Duration.ZERO;
      try (ProgressBar bar = ProgressBar.start(workload.name + " " + backend, (long) total * workload.items.size(),
          progress)) {
        for (int run = 0; run < total; run++) {
          CpuClock.Reading cpuBefore = CpuClock.read();
          long begin = System.nanoTime();
          runner.run(workload, bar);
          Duration wall = Duration.ofNanos(System.nanoTime() - begin);
          if (warmUp && run == 0) {
            continue;
          }
          walls.add(wall);
          wallSum = wallSum.plus(wall);
          cpu = cpu.plus(CpuClock.read().since(cpuBefore));
        }
      }
      Collections.sort(walls);
      Duration median = walls.get(walls.size() / 2);
      Cell sequential = cells.stream()
          .filter(cell -> cell.workload == workload && cell.backend.equals("sequential")).findFirst().orElse(null);
      double speedup = sequential == null ? 1.0 : ratio(sequential.wall, median);
      cells.add(new Cell(workload, backend, median, speedup, ratio(cpu, wallSum), ""));
    }

    List<Cell> cells(Workload workload) {
      List<Cell> result = new ArrayList<>();
      cells.stream().filter(cell -> cell.workload == workload).forEach(result::add);
      return result;
    }

    /** Whether a backend whose name starts with {@code prefix} ran. */
    boolean ran(String prefix) {
      return cells.stream().anyMatch(cell -> cell.backend.startsWith(prefix) && cell.wall != null);
    }

    String startUpNote() {
      return "Not in the table: " + String.join(", ", startUps) + ".";
    }

    void printTable() {
      String format = "%-26s %-20s %10s %9s %9s%n";
      System.out.printf(format, "workload", "backend", "wall", "speedup", "cpu/wall");
      List<Workload> workloads = new ArrayList<>();
      cells.stream().map(cell -> cell.workload).distinct().forEach(workloads::add);
      for (Workload workload : workloads) {
        String label = workload.name;
        for (Cell cell : cells(workload)) {
          if (cell.wall == null) {
            System.out.printf("%-26s %-20s %10s%n", label, cell.backend, cell.note);
          } else {
            System.out.printf(format, label, cell.backend, millis(cell.wall),
                String.format("%.1fx", cell.speedup), String.format("%.1f", cell.cpuPerWall));
          }
          label = "";
        }
      }
    }

    private static String millis(Duration duration) {
      double millis = duration.toNanos() / 1e6;
      return String.format(millis < 10 ? "%.1f ms" : "%,.0f ms", millis);
    }

    private static double ratio(Duration numerator, Duration denominator) {
      return (double) numerator.toNanos() / Math.max(1, denominator.toNanos());
    }
  }
}
