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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.multipool.Pool;
import org.multipool.testkit.Signal;

/**
 * Semantics 6 (docs/semantics.md) where it is hardest for worker JVMs: a task the pool has already sent ahead to a busy
 * worker is cancelled, and the worker finishes its task right after. The cancelled task must never
 * run. Repeated, because the worker's finishing races with the skip.
 */
class CancelSentAheadTest {
  private static final long WAIT = 30;
  private static final int ROUNDS = 40;
  private static final String GRACE = "multipool.cancelGrace";
  private Pool pool = Pool.processes(1);

  @TempDir Path dir;

  @AfterEach
  void closePool() {
    pool.close();
  }

  /**
   * Replaces the pool with one built while the cancel grace is {@code grace}: 0 kills a worker
   * whose running task is cancelled; null is the default, which interrupts the task first.
   */
  private void useGrace(String grace) {
    pool.close();
    String before = System.getProperty(GRACE);
    set(grace);
    try {
      pool = Pool.processes(1);
    } finally {
      set(before);
    }
  }

  private static void set(String grace) {
    if (grace == null) {
      System.clearProperty(GRACE);
    } else {
      System.setProperty(GRACE, grace);
    }
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

      assertThat(blocker).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("blocker");
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

      assertThat(blocker).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("blocker");
      assertThat(pool.submit(() -> "after")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("after");
      assertThat(Signal.count(dir, prefix)).as("items of the cancelled map that ran in round %d", round).isZero();
    }
  }

  /**
   * Two tasks: the first waits until {@link #letFirstGo}; the second, sent ahead behind it, signals
   * that it has begun and then runs until {@link #release} fires, which no test lets it reach.
   */
  private final class FirstAndSecond {
    final Signal goFirst = Signal.in(dir, "go-first");
    final Signal secondStarted = Signal.in(dir, "second-started");
    final Signal secondFinished = Signal.in(dir, "second-finished");
    final Signal release = Signal.in(dir, "release");
    final CompletableFuture<String> first;
    final CompletableFuture<String> second;

    FirstAndSecond() {
      Signal go = goFirst; // the tasks capture signals, not this object
      Signal started = secondStarted;
      Signal finished = secondFinished;
      Signal released = release;
      first = pool.submit(() -> {
        go.block();
        return "first";
      });
      second = pool.submit(() -> {
        started.fire();
        released.block();
        finished.fire();
        return "second";
      });
    }

    /** Lets the first task end; with {@code heldReader}, waits until its callback holds the reader. */
    void letFirstGo(CountDownLatch heldReader) throws Exception {
      goFirst.fire();
      if (heldReader != null) {
        assertThat(heldReader.await(WAIT, TimeUnit.SECONDS)).isTrue();
      }
      secondStarted.await(Duration.ofSeconds(WAIT));
    }

    /**
     * The second task never got to its end: with a grace, it stopped at the interrupt (it waits
     * in a sleep) and its worker goes on; with none, the worker that ran it is gone.
     */
    void assertSecondStopped(long pidBefore, String grace) throws Exception {
      long after = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
      if ("0".equals(grace)) {
        assertThat(after).as("the worker that ran the cancelled task was replaced").isNotEqualTo(pidBefore);
        assertThat(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
      } else {
        assertThat(after).as("the worker that ran the cancelled task lives on").isEqualTo(pidBefore);
      }
      release.fire(); // too late: the task is over, as the worker ran the next one
      assertThat(secondFinished.fired()).isFalse();
    }
  }

  /** Holds the thread that reads the worker's outcomes in a callback of {@code task} until {@code letGo}. */
  private static CountDownLatch holdReaderAfter(CompletableFuture<?> task, CountDownLatch letGo) {
    CountDownLatch held = new CountDownLatch(1);
    task.whenComplete((result, failure) -> { // runs on the thread that reads the worker's outcomes
      held.countDown();
      awaitQuietly(letGo);
    });
    return held;
  }

  /**
   * The worker has begun the task, but the pool has not heard yet: its reader is held up by a
   * callback of the task before. {@code cancel(true)} must still stop it, as it stops a task the
   * pool knows to be running.
   */
  @ParameterizedTest(name = "grace {0}")
  @NullSource
  @ValueSource(strings = "0")
  void cancelTrue_ofATaskTheWorkerBeganUnbeknownToThePool_stopsIt(String grace) throws Exception {
    useGrace(grace);
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    FirstAndSecond tasks = new FirstAndSecond();
    CountDownLatch letReaderGo = new CountDownLatch(1);
    tasks.letFirstGo(holdReaderAfter(tasks.first, letReaderGo));

    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    Thread canceller = new Thread(() -> cancelled.complete(tasks.second.cancel(true)), "test-canceller");
    canceller.start();
    awaitWaiting(canceller); // it waits for the worker's answer, which the held reader will read
    letReaderGo.countDown();

    assertThat(cancelled.get(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(tasks.second.isCancelled()).isTrue();
    tasks.assertSecondStopped(pid, grace);
  }

  /** As above, but the reader is held for longer than a cancel waits: the answer comes late. */
  @ParameterizedTest(name = "grace {0}")
  @NullSource
  @ValueSource(strings = "0")
  void cancelTrue_whoseAnswerComesAfterTheCancelReturned_stillStopsTheTask(String grace) throws Exception {
    useGrace(grace);
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    FirstAndSecond tasks = new FirstAndSecond();
    CountDownLatch letReaderGo = new CountDownLatch(1);
    tasks.letFirstGo(holdReaderAfter(tasks.first, letReaderGo));

    assertThat(tasks.second.cancel(true)).isTrue(); // gives up waiting for the held reader
    letReaderGo.countDown();

    tasks.assertSecondStopped(pid, grace);
  }

  /**
   * "Cancel the others when one is done", from a callback that runs on the thread that reads the
   * worker's outcomes: the cancel cannot wait for the worker there, and must still stop the task.
   */
  @ParameterizedTest(name = "grace {0}")
  @NullSource
  @ValueSource(strings = "0")
  void cancelTrue_fromACallbackOnTheReader_stopsTheTaskTheWorkerBegan(String grace) throws Exception {
    useGrace(grace);
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    FirstAndSecond tasks = new FirstAndSecond();
    CompletableFuture<Boolean> cancelled = tasks.first.handle((result, failure) -> {
      try {
        tasks.secondStarted.await(Duration.ofSeconds(WAIT)); // the worker has moved on to the second task
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return tasks.second.cancel(true);
    });
    tasks.letFirstGo(null);

    assertThat(cancelled.get(WAIT, TimeUnit.SECONDS)).isTrue();
    tasks.assertSecondStopped(pid, grace);
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
