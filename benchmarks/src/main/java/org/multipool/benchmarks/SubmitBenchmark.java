package org.multipool.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.multipool.Pool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code submit} costs on the thread backend, against a raw {@code ExecutorService}: a
 * trivial task submitted and waited for.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SubmitBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubmitBenchmark {
  private Pool pool;
  private ExecutorService executor;

  @Setup(Level.Trial)
  public void setUp() {
    pool = Pool.threads(2);
    executor = Executors.newFixedThreadPool(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
    executor.shutdownNow();
  }

  @Benchmark
  public Integer multipoolSubmit() throws Exception {
    return pool.submit(() -> 1).get();
  }

  @Benchmark
  public Integer executorSubmit() throws Exception {
    return executor.submit(() -> 1).get();
  }
}
