package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.TaskFailedException;
import org.multipool.WorkerCrashedException;
import org.multipool.testkit.Signal;
import org.multipool.testkit.SimulatedRemoteBackend;

/**
 * What the core does when a worker dies: only what it had begun fails, what it held but had not
 * begun runs elsewhere, exactly once, and the pool goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerLostTest {
  @TempDir Path tempDir;

  private static Pool pool(int workers) {
    return Pool.builder().backend(SimulatedRemoteBackend.ID, workers).build();
  }

  private static String workerId() {
    return Thread.currentThread().getName();
  }

  @Test
  void crashInMap_failsTheUnfinishedItemsOfItsBatch_andThePoolGoesOn() {
    try (Pool pool = pool(2)) {
      List<Integer> items = IntStream.range(0, 40).boxed().collect(Collectors.toList());
      Throwable thrown = catchThrowable(() -> pool.map(x -> {
        if (x == 12) {
          SimulatedRemoteBackend.crashWorker();
        }
        return x;
      }, items, 5));
      assertThat(thrown).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) thrown).index()).isEqualTo(12);
      assertThat(thrown.getCause()).isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("died");
      assertThat(pool.map(x -> x * 2, items)).isEqualTo(items.stream().map(x -> x * 2).collect(Collectors.toList()));
    }
  }

  @Test
  void crash_failsOnlyTheTaskThatRan_andRequeuesWhatTheWorkerHeldAhead() throws Exception {
    String dir = tempDir.toString();
    Signal release = Signal.in(tempDir, "release");
    try (Pool pool = pool(1)) {
      CompletableFuture<String> crashing = pool.submit(() -> {
        release.block(); // the next two tasks are taken ahead meanwhile
        SimulatedRemoteBackend.crashWorker();
        return "not reached";
      });
      CompletableFuture<String> second = pool.submit(() -> {
        Signal.tally(dir, "second");
        return workerId();
      });
      CompletableFuture<String> third = pool.submit(WorkerLostTest::workerId);
      release.fire();
      Throwable thrown = catchThrowable(() -> crashing.get(20, TimeUnit.SECONDS));
      assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WorkerCrashedException.class);
      // Both ran on the replacement, and the one that was held ahead ran exactly once.
      assertThat(second.get(20, TimeUnit.SECONDS)).endsWith("-worker-2-runner");
      assertThat(third.get(20, TimeUnit.SECONDS)).endsWith("-worker-2-runner");
      pool.close();
      assertThat(Signal.count(tempDir, "second")).isEqualTo(1);
    }
  }

  @Test
  void eachCrashedTask_getsItsOwnException() throws Exception {
    try (Pool pool = pool(2)) {
      CompletableFuture<Object> first = pool.submit(() -> {
        SimulatedRemoteBackend.crashWorker();
        return null;
      });
      CompletableFuture<Object> second = pool.submit(() -> {
        SimulatedRemoteBackend.crashWorker();
        return null;
      });
      Throwable a = catchThrowable(() -> first.get(20, TimeUnit.SECONDS)).getCause();
      Throwable b = catchThrowable(() -> second.get(20, TimeUnit.SECONDS)).getCause();
      assertThat(a).isInstanceOf(WorkerCrashedException.class);
      assertThat(b).isInstanceOf(WorkerCrashedException.class).isNotSameAs(a);
      assertThat(pool.submit(() -> "still working").get(20, TimeUnit.SECONDS)).isEqualTo("still working");
    }
  }

  @Test
  void crashAfterShutdown_stillFinishesTheAcceptedWork() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = pool(1);
    CompletableFuture<Object> crashing = pool.submit(() -> {
      release.block();
      SimulatedRemoteBackend.crashWorker();
      return null;
    });
    List<CompletableFuture<Integer>> rest = IntStream.range(0, 5)
        .mapToObj(i -> pool.submit(() -> i))
        .collect(Collectors.toList());
    pool.shutdown();
    release.fire();
    assertThat(pool.join(java.time.Duration.ofSeconds(20))).isTrue();
    assertThat(crashing).isCompletedExceptionally();
    for (int i = 0; i < rest.size(); i++) {
      assertThat(rest.get(i).getNow(-1)).isEqualTo(i);
    }
  }
}
