package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.PoolBuilder;
import org.multipool.SharedMap;
import org.multipool.testkit.SharedObjectsContractTest;

/** Shared queues and maps on worker JVMs: they live in the caller's JVM, workers reach them over their channel. */
class ProcessSharedObjectsTest extends SharedObjectsContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.processes(workers);
  }

  @Override
  protected boolean crossesJvms() {
    return true;
  }

  @Override
  protected boolean workersAreProcesses() {
    return true;
  }

  /** The issue's own example: {@code counts.merge(word, 1L, Long::sum)} from 10 worker JVMs at once. */
  @Test
  void merge_fromTenWorkerJvmsAtOnce_countsExactly() {
    int workers = 10;
    int merges = 1_000;
    try (Pool pool = Pool.processes(workers)) {
      SharedMap<String, Long> counts = pool.newMap();
      List<CompletableFuture<Long>> tasks = new ArrayList<>();
      for (int t = 0; t < workers; t++) {
        tasks.add(pool.submit(() -> {
          counts.merge("started", 1L, Long::sum);
          long deadline = System.nanoTime() + 60_000_000_000L;
          while (counts.get("started") < workers && System.nanoTime() < deadline) {
            Thread.sleep(1); // all ten merge at once, each in a JVM of its own
          }
          for (int i = 0; i < merges; i++) {
            counts.merge(i % 2 == 0 ? "even" : "odd", 1L, Long::sum);
          }
          return ProcessHandle.current().pid();
        }));
      }
      List<Long> pids = new ArrayList<>();
      tasks.forEach(task -> pids.add(task.join()));
      assertThat(counts.snapshot()).isEqualTo(
          Map.of("started", (long) workers, "even", workers * merges / 2L, "odd", workers * merges / 2L));
      assertThat(pids.stream().distinct().count()).as("worker JVMs that merged at once").isEqualTo(workers);
    }
  }
}
