package org.multipool.benchmarks;

import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.multipool.Pool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From {@code Pool.processes(2)} to the first result, against starting a hello-world JVM, the floor
 * any worker JVM stands on. Each measurement is one cold start.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ProcessStartupBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(1)
public class ProcessStartupBenchmark {

  @Benchmark
  public Integer poolToFirstResult() throws Exception {
    try (Pool pool = Pool.processes(2)) {
      return pool.submit(() -> 1).get();
    }
  }

  @Benchmark
  public int helloWorldJvm() throws Exception {
    return Hello.run(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("java.class.path"));
  }
}
