package org.multipool.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The thread backend's {@code map} over a million tiny items against the best a user would write by
 * hand: the items cut into chunks, one {@code ThreadPoolExecutor} task per chunk. Scores are items
 * per second.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ThreadMapBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ThreadMapBenchmark.ITEMS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThreadMapBenchmark {
  static final int ITEMS = 1_000_000;
  private static final int WORKERS = 2;

  private List<Integer> items;
  private Pool pool;
  private ExecutorService executor;

  @Setup(Level.Trial)
  public void setUp() {
    items = Workloads.range(ITEMS);
    pool = Pool.threads(WORKERS);
    executor = Executors.newFixedThreadPool(WORKERS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
    executor.shutdownNow();
  }

  @Benchmark
  public List<Integer> multipoolMap() {
    return pool.map(Workloads.SQUARE, items);
  }

  /** Four chunks per thread, like Multipool's automatic chunk size, results put back in order. */
  @Benchmark
  public List<Integer> handChunkedExecutor() throws Exception {
    int chunks = 4 * WORKERS;
    int chunkSize = (items.size() + chunks - 1) / chunks;
    List<Future<Integer[]>> futures = new ArrayList<>();
    for (int from = 0; from < items.size(); from += chunkSize) {
      List<Integer> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
      futures.add(executor.submit(() -> {
        Integer[] squares = new Integer[chunk.size()];
        for (int i = 0; i < squares.length; i++) {
          squares[i] = Workloads.SQUARE.apply(chunk.get(i));
        }
        return squares;
      }));
    }
    List<Integer> results = new ArrayList<>(items.size());
    for (Future<Integer[]> future : futures) {
      results.addAll(List.of(future.get()));
    }
    return results;
  }
}
