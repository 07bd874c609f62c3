package org.multipool.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;
import org.multipool.TaskFailedException;
import org.multipool.TaskTimeoutException;

/**
 * Outcomes that race each other: a deadline against a task finishing, a cancel against a task
 * starting or ending. Every future must end exactly once and no stop may leak into another task.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RaceTest {

  @RepeatedTest(3)
  void timeoutsRacingWithCompletion_endEveryTaskOnce() throws Exception {
    try (Pool pool = Pool.builder().threads(2).taskTimeout(Duration.ofMillis(2)).build()) {
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        int item = i;
        futures.add(pool.submit(() -> {
          spin(ThreadLocalRandom.current().nextLong(4_000_000)); // around the deadline
          return item;
        }));
      }
      int timedOut = 0;
      for (int i = 0; i < futures.size(); i++) {
        Throwable failure = catchThrowable(futures.get(i)::get);
        if (failure == null) {
          assertThat(futures.get(i).get()).isEqualTo(i);
        } else {
          assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TaskTimeoutException.class);
          timedOut++;
        }
      }
      assertThat(timedOut).isBetween(1, futures.size() - 1);
    }
  }

  @RepeatedTest(3)
  void timeoutsRacingWithCompletion_inMap_alwaysFinishTheMap() {
    try (Pool pool = Pool.builder().threads(2).taskTimeout(Duration.ofMillis(1)).build()) {
      for (int round = 0; round < 20; round++) {
        List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
        Throwable failure = catchThrowable(() -> pool.map(x -> {
          spin(ThreadLocalRandom.current().nextLong(1_500_000));
          return x;
        }, items, 7));
        if (failure != null) {
          assertThat(failure).isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(TaskTimeoutException.class);
        }
      }
    }
  }

  @RepeatedTest(3)
  void cancelsRacingWithStartAndEnd_endEveryTaskOnce_andLeakNoInterrupt() throws Exception {
    try (Pool pool = Pool.threads(2)) {
      List<CompletableFuture<Boolean>> futures = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        CompletableFuture<Boolean> future = pool.submit(() -> {
          spin(ThreadLocalRandom.current().nextLong(20_000));
          return Thread.interrupted();
        });
        futures.add(future);
        if (i % 3 == 0) {
          future.cancel(ThreadLocalRandom.current().nextBoolean());
        }
      }
      for (CompletableFuture<Boolean> future : futures) {
        Throwable failure = catchThrowable(future::get);
        if (failure == null) {
          // A task that was not cancelled never sees an interrupt; a cancelled one may have.
          assertThat(future.get()).isFalse();
        } else {
          assertThat(failure).isInstanceOf(CancellationException.class);
        }
      }
      assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
    }
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
