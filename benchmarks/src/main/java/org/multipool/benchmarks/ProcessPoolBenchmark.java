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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The process backend with 2 worker JVMs: {@code map} throughput with automatic chunks and with
 * chunks of one (items per second), and the latency of one {@code submit(...).get()} round trip
 * (JMH's sample mode prints the median and the 99th percentile).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ProcessPoolBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessPoolBenchmark {
  static final int TINY_ITEMS = 200_000;
  static final int SINGLE_ITEMS = 20_000;

  private List<Integer> tinyItems;
  private List<Integer> singleItems;
  private Pool pool;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    tinyItems = Workloads.range(TINY_ITEMS);
    singleItems = Workloads.range(SINGLE_ITEMS);
    pool = Pool.processes(2);
    pool.submit(() -> 1).get();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(TINY_ITEMS)
  public List<Integer> mapTinyItems() {
    return pool.map(Workloads.SQUARE, tinyItems);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(SINGLE_ITEMS)
  public List<Integer> mapChunksOfOne() {
    return pool.map(Workloads.SQUARE, singleItems, 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer submitRoundTrip() throws Exception {
    return pool.submit(() -> 1).get();
  }
}
