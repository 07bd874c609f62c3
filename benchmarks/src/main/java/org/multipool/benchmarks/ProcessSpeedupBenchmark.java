package org.multipool.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.multipool.Pool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU-bound work on 1 and on 2 worker JVMs: the speedup is the ratio of the two scores.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ProcessSpeedupBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessSpeedupBenchmark {
  @Param({"1", "2"})
  public int workers;

  private Pool pool;
  private final List<Long> tasks = Workloads.cpuTasks(8, 20_000_000);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pool = Pool.processes(workers);
    pool.map(x -> x, Workloads.range(workers), 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  @Benchmark
  public List<Long> eightCpuBoundTasks() {
    return pool.map(Workloads.SUM_LOOP, tasks, 1);
  }
}
