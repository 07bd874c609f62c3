package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.testkit.Signal;

/**
 * CONTRACT 6 where it is hardest for worker JVMs: a task the pool has already sent ahead to a busy
 * worker is cancelled, and the worker finishes its task right after. The cancelled task must never
 * run. Repeated, because the worker's finishing races with the skip.
 */
class CancelSentAheadTest {
  private static final long WAIT = 30;
  private static final int ROUNDS = 40;
  private Pool pool = Pool.processes(1);

  @TempDir Path dir;

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void cancelledTaskSentAhead_neverRuns_andCostsNoWorker() throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    for (int round = 0; round < ROUNDS; round++) {
      Signal started = Signal.in(dir, "started-" + round);
      Signal release = Signal.in(dir, "release-" + round);
      Signal ran = Signal.in(dir, "ran-" + round);
      CompletableFuture<String> blocker = pool.submit(() -> {
        started.fire();
        release.block();
        return "blocker";
      });
      started.await(Duration.ofSeconds(WAIT));
      CompletableFuture<String> queued = pool.submit(() -> {
        ran.fire();
        return "queued";
      });

      assertThat(queued.cancel(true)).isTrue();
      release.fire();

      assertThat(blocker.get(WAIT, TimeUnit.SECONDS)).isEqualTo("blocker");
      // The worker runs tasks in order: once this one is done, the cancelled one ran or never will.
      long after = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
      assertThat(ran.fired()).as("the cancelled task ran in round %d", round).isFalse();
      assertThat(after).as("the worker was replaced in round %d", round).isEqualTo(pid);
    }
  }

  @Test
  void cancelledMapSentAhead_runsNoItem() throws Exception {
    for (int round = 0; round < ROUNDS / 4; round++) {
      Signal started = Signal.in(dir, "started-" + round);
      Signal release = Signal.in(dir, "release-" + round);
      String tallies = dir.toString();
      String prefix = "item-" + round;
      CompletableFuture<String> blocker = pool.submit(() -> {
        started.fire();
        release.block();
        return "blocker";
      });
      started.await(Duration.ofSeconds(WAIT));
      List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());
      CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> {
        Signal.tally(tallies, prefix);
        return x;
      }, items);

      assertThat(mapped.cancel(true)).isTrue();
      release.fire();

      assertThat(blocker.get(WAIT, TimeUnit.SECONDS)).isEqualTo("blocker");
      assertThat(pool.submit(() -> "after").get(WAIT, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(Signal.count(dir, prefix)).as("items of the cancelled map that ran in round %d", round).isZero();
    }
  }

  /**
   * The worker has begun the task, but the pool has not heard yet: its reader is held up by a
   * callback of the task before. {@code cancel(true)} must still stop it, as it stops a task the
   * pool knows to be running.
   */
  @Test
  void cancelTrue_ofATaskTheWorkerBeganUnbeknownToThePool_stopsIt() throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    Signal goFirst = Signal.in(dir, "go-first");
    Signal secondStarted = Signal.in(dir, "second-started");
    Signal secondFinished = Signal.in(dir, "second-finished");
    Signal release = Signal.in(dir, "release");
    CountDownLatch readerHeld = new CountDownLatch(1);
    CountDownLatch letReaderGo = new CountDownLatch(1);
    CompletableFuture<String> first = pool.submit(() -> {
      goFirst.block();
      return "first";
    });
    first.whenComplete((result, failure) -> { // runs on the thread that reads the worker's outcomes
      readerHeld.countDown();
      awaitQuietly(letReaderGo);
    });
    CompletableFuture<String> second = pool.submit(() -> {
      secondStarted.fire();
      release.block();
      secondFinished.fire();
      return "second";
    });
    goFirst.fire();
    assertThat(readerHeld.await(WAIT, TimeUnit.SECONDS)).isTrue();
    secondStarted.await(Duration.ofSeconds(WAIT));

    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    Thread canceller = new Thread(() -> cancelled.complete(second.cancel(true)), "test-canceller");
    canceller.start();
    awaitWaiting(canceller); // it waits for the worker's answer, which the held reader will read
    letReaderGo.countDown();

    assertThat(cancelled.get(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(second.isCancelled()).isTrue();
    long after = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker that ran the cancelled task was replaced").isNotEqualTo(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    release.fire(); // too late: the worker that would have seen it is gone
    assertThat(secondFinished.fired()).isFalse();
  }

  /** As above, but the reader is held for longer than a cancel waits: the answer comes late. */
  @Test
  void cancelTrue_whoseAnswerComesAfterTheCancelReturned_stillStopsTheTask() throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    Signal goFirst = Signal.in(dir, "go-first");
    Signal secondStarted = Signal.in(dir, "second-started");
    Signal release = Signal.in(dir, "release");
    Signal secondFinished = Signal.in(dir, "second-finished");
    CountDownLatch readerHeld = new CountDownLatch(1);
    CountDownLatch letReaderGo = new CountDownLatch(1);
    CompletableFuture<String> first = pool.submit(() -> {
      goFirst.block();
      return "first";
    });
    first.whenComplete((result, failure) -> {
      readerHeld.countDown();
      awaitQuietly(letReaderGo);
    });
    CompletableFuture<String> second = pool.submit(() -> {
      secondStarted.fire();
      release.block();
      secondFinished.fire();
      return "second";
    });
    goFirst.fire();
    assertThat(readerHeld.await(WAIT, TimeUnit.SECONDS)).isTrue();
    secondStarted.await(Duration.ofSeconds(WAIT));

    assertThat(second.cancel(true)).isTrue(); // gives up waiting for the held reader
    letReaderGo.countDown();

    long after = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker that ran the cancelled task was replaced").isNotEqualTo(pid);
    release.fire(); // too late: the worker that would have seen it is gone
    assertThat(secondFinished.fired()).isFalse();
  }

  /**
   * "Cancel the others when one is done", from a callback that runs on the thread that reads the
   * worker's outcomes: the cancel cannot wait for the worker there, and must still stop the task.
   */
  @Test
  void cancelTrue_fromACallbackOnTheReader_stopsTheTaskTheWorkerBegan() throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    Signal goFirst = Signal.in(dir, "go-first");
    Signal secondStarted = Signal.in(dir, "second-started");
    Signal release = Signal.in(dir, "release");
    Signal secondFinished = Signal.in(dir, "second-finished");
    CompletableFuture<String> first = pool.submit(() -> {
      goFirst.block();
      return "first";
    });
    CompletableFuture<String> second = pool.submit(() -> {
      secondStarted.fire();
      release.block();
      secondFinished.fire();
      return "second";
    });
    CompletableFuture<Boolean> cancelled = first.handle((result, failure) -> {
      try {
        secondStarted.await(Duration.ofSeconds(WAIT)); // the worker has moved on to the second task
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return second.cancel(true);
    });
    goFirst.fire();

    assertThat(cancelled.get(WAIT, TimeUnit.SECONDS)).isTrue();
    long after = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker that ran the cancelled task was replaced").isNotEqualTo(pid);
    release.fire();
    assertThat(secondFinished.fired()).isFalse();
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(thread.isAlive()).as("the canceller returned before it waited").isTrue();
      assertThat(System.nanoTime() - deadline).as("the canceller never waited").isNegative();
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
