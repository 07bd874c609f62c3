package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.spi.remote.RunnerHarness.TestBatch;

/** Cancel, timeout and grace of the running item: only the item a stop was meant for is ever stopped. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ItemStopTest {
  private static final long LONG_MILLIS = TimeUnit.SECONDS.toMillis(20);

  /** An item that sleeps until it is interrupted, and says so. */
  private static TestBatch sleeper(long seq, int size, long timeoutNanos, CountDownLatch inItem) {
    return new TestBatch(seq, size, timeoutNanos, index -> {
      inItem.countDown();
      Thread.sleep(LONG_MILLIS);
      return "slept";
    });
  }

  /** An item that reports whether its thread was interrupted while it ran. */
  private static TestBatch looksForInterrupts(long seq) {
    return new TestBatch(seq, 1, 0, index -> {
      boolean seen = false;
      for (int i = 0; i < 300; i++) {
        seen |= Thread.currentThread().isInterrupted();
        Thread.onSpinWait();
      }
      return seen ? "interrupted" : "clean";
    });
  }

  @Test
  void cancel_stopsTheRunningItem_reportsItSkipped_andTheNextBatchRunsClean() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      harness.runner.offer(sleeper(0, 2, 0, inItem));
      harness.runner.offer(looksForInterrupts(1));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(harness.runner.cancel(0, 0)).as("no kill with interruptOnly").isFalse();
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 skipped", "0/1 skipped", "0 ended",
          "1 started", "1/0 ok clean", "1 ended");
    }
  }

  @Test
  void cancel_ofLaterItems_leavesTheRunningItemAlone() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      harness.runner.offer(new TestBatch(0, 3, 0, index -> {
        inItem.countDown();
        release.await(10, TimeUnit.SECONDS);
        return Thread.currentThread().isInterrupted() ? "interrupted" : "clean";
      }));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.cancel(0, 1);
      harness.runner.cancel(5, 0); // another batch, which never came
      release.countDown();
      assertThat(harness.closeAndJoin()).as("batch 5 never came, but only its skip waited for it").isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 ok clean", "0/1 skipped", "0/2 skipped", "0 ended");
    }
  }

  /**
   * Batch 0's item spins a random while, then batch 1's item looks for an interrupt, while a
   * cancel of batch 0 comes at a random moment: it stops batch 0's item or nothing, never batch 1's.
   */
  @Test
  void concurrentCancel_neverReachesTheNextItem() throws Exception {
    for (int round = 0; round < 300; round++) {
      try (RunnerHarness harness = new RunnerHarness()) {
        int spins = ThreadLocalRandom.current().nextInt(1, 3_000);
        CountDownLatch begun = new CountDownLatch(1);
        harness.runner.offer(new TestBatch(0, 1, 0, index -> {
          begun.countDown();
          for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
          }
          return "done";
        }));
        harness.runner.offer(looksForInterrupts(1));
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
        for (int spin = ThreadLocalRandom.current().nextInt(3_000); spin > 0; spin--) {
          Thread.onSpinWait(); // a different moment each round: in the item, between, or later
        }
        harness.runner.cancel(0, 0);
        assertThat(harness.closeAndJoin()).isTrue();
        assertThat(harness.events()).as("round %d", round).contains("1/0 ok clean")
            .containsAnyOf("0/0 ok done", "0/0 skipped");
      }
    }
  }

  @Test
  void timeout_stopsThatItemOnly_reportsItTimedOut_andSkipsTheRestOfItsBatch() throws Exception {
    long timeout = TimeUnit.MILLISECONDS.toNanos(50);
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.offer(sleeper(0, 2, timeout, new CountDownLatch(1)));
      harness.runner.offer(new TestBatch(1, 2, TimeUnit.SECONDS.toNanos(30),
          index -> Thread.currentThread().isInterrupted() ? "interrupted" : "clean"));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 timedOut", "0/1 skipped", "0 ended",
          "1 started", "1/0 ok clean", "1/1 ok clean", "1 ended");
    }
  }

  @Test
  void aQuickItem_underATimeout_isNeverStopped() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      for (int seq = 0; seq < 200; seq++) {
        harness.runner.offer(new TestBatch(seq, 3, TimeUnit.SECONDS.toNanos(30), index -> index));
      }
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).noneMatch(event -> event.contains("timedOut") || event.contains("skipped"));
    }
  }

  @Test
  void anItemThatIgnoresInterrupts_withoutAKill_runsToItsEnd_andIsReportedSkipped() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean sawInterrupt = new AtomicBoolean();
      harness.runner.offer(new TestBatch(0, 1, 0, index -> {
        inItem.countDown();
        while (release.getCount() > 0) {
          sawInterrupt.compareAndSet(false, Thread.interrupted()); // and goes on, ignoring it
          Thread.onSpinWait();
        }
        return "ignored it";
      }));
      harness.runner.offer(looksForInterrupts(1));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.cancel(0, 0);
      waitFor(sawInterrupt);
      release.countDown();
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 skipped", "0 ended",
          "1 started", "1/0 ok clean", "1 ended");
    }
  }

  @Test
  void anItemThatIgnoresInterrupts_isKilledAfterTheGrace_andNothingBeginsAfterIt() throws Exception {
    AtomicInteger kills = new AtomicInteger();
    CountDownLatch killed = new CountDownLatch(1);
    Stopping stopping = Stopping.killAfter(TimeUnit.MILLISECONDS.toNanos(50), Thread::interrupt, () -> {
      kills.incrementAndGet();
      killed.countDown(); // returns, as a worker inside a test's JVM does
    });
    try (RunnerHarness harness = new RunnerHarness(stopping)) {
      CountDownLatch inItem = new CountDownLatch(1);
      AtomicBoolean sawInterrupt = new AtomicBoolean();
      AtomicInteger laterCalls = new AtomicInteger();
      harness.runner.offer(new TestBatch(0, 2, 0, index -> {
        inItem.countDown();
        while (killed.getCount() > 0) {
          sawInterrupt.compareAndSet(false, Thread.interrupted()); // and goes on, ignoring it
          Thread.onSpinWait();
        }
        return "outlived the grace";
      }));
      harness.runner.offer(new TestBatch(1, 1, 0, index -> laterCalls.incrementAndGet()));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(harness.runner.cancel(0, 0)).as("a grace: not killed at once").isFalse();
      assertThat(harness.ended.get(10, TimeUnit.SECONDS)).as("killed: run returns false").isFalse();
      assertThat(sawInterrupt).as("interrupted first").isTrue();
      assertThat(kills).hasValue(1);
      assertThat(laterCalls).hasValue(0);
      assertThat(harness.events()).containsExactlyInAnyOrder("0 started", "0 dropped", "1 dropped");
    }
  }

  @Test
  void anItemThatEndsWithinTheGrace_isNotKilled() throws Exception {
    AtomicInteger kills = new AtomicInteger();
    Stopping stopping = Stopping.killAfter(TimeUnit.MILLISECONDS.toNanos(50), Thread::interrupt, kills::incrementAndGet);
    try (RunnerHarness harness = new RunnerHarness(stopping)) {
      CountDownLatch inItem = new CountDownLatch(1);
      harness.runner.offer(sleeper(0, 1, 0, inItem));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.cancel(0, 0);
      assertThat(harness.await("0 ended")).isTrue();
      // the grace passes with a batch that runs long after it: the kill must not land on it
      CountDownLatch later = new CountDownLatch(1);
      harness.runner.offer(new TestBatch(1, 1, 0, index -> later.await(200, TimeUnit.MILLISECONDS)));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(kills).hasValue(0);
      assertThat(harness.events()).contains("0/0 skipped", "1/0 ok false");
    }
  }

  @Test
  void graceOfZero_killsAtOnce_withoutAnInterrupt() throws Exception {
    AtomicInteger kills = new AtomicInteger();
    Stopping stopping = Stopping.killAfter(0, thread -> {
      throw new AssertionError("no interrupt with a grace of 0");
    }, kills::incrementAndGet);
    try (RunnerHarness harness = new RunnerHarness(stopping)) {
      CountDownLatch inItem = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      harness.runner.offer(new TestBatch(0, 1, 0, index -> {
        inItem.countDown();
        release.await(10, TimeUnit.SECONDS);
        return Thread.currentThread().isInterrupted();
      }));
      assertThat(harness.runner.cancel(1, 0)).as("batch 1 does not run").isFalse();
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(harness.runner.cancel(0, 0)).isTrue();
      assertThat(kills).hasValue(1);
      release.countDown();
      assertThat(harness.ended.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(harness.events()).containsExactlyInAnyOrder("0 started", "0 dropped");
    }
  }

  private static void waitFor(AtomicBoolean flag) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!flag.get() && System.nanoTime() < deadline) {
      Thread.sleep(1); // polls a flag the item sets; no latch can be counted down from inside an interrupt
    }
    assertThat(flag).isTrue();
  }
}
