package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.spi.remote.RunnerHarness.TestBatch;

/** The far side's ordered batch runner: order, skip points, give-back and the end of a runner. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderedBatchRunnerTest {

  private static TestBatch echo(long seq, int size) {
    return new TestBatch(seq, size, 0, index -> seq + ":" + index);
  }

  @Test
  void batches_runInTheOrderOfTheirNumbers_whateverOrderTheyArriveIn() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      assertThat(harness.runner.offer(echo(2, 1))).isTrue();
      assertThat(harness.runner.offer(echo(1, 2))).isTrue();
      assertThat(harness.runner.offer(echo(0, 1))).isTrue();
      assertThat(harness.closeAndJoin()).as("closed, and every batch ran").isTrue();
      assertThat(harness.events()).containsExactly(
          "0 started", "0/0 ok 0:0", "0 ended",
          "1 started", "1/0 ok 1:0", "1/1 ok 1:1", "1 ended",
          "2 started", "2/0 ok 2:0", "2 ended");
    }
  }

  @Test
  void offer_refusesANumberTakenOrPast_andAnythingAfterClose() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      assertThat(harness.runner.offer(echo(0, 1))).isTrue();
      assertThat(harness.await("0 ended")).isTrue();
      assertThat(harness.runner.offer(echo(0, 1))).as("past").isFalse();
      CountDownLatch release = new CountDownLatch(1);
      assertThat(harness.runner.offer(new TestBatch(2, 1, 0, index -> release.await(10, TimeUnit.SECONDS)))).isTrue();
      assertThat(harness.runner.offer(echo(2, 1))).as("taken").isFalse();
      harness.runner.close();
      assertThat(harness.runner.offer(echo(1, 1))).as("closed").isFalse();
      release.countDown();
      assertThat(harness.ended.get(10, TimeUnit.SECONDS)).as("batch 2 waited for a batch 1 that never came").isFalse();
      assertThat(harness.events()).contains("2 dropped").doesNotContain("2 started");
    }
  }

  @Test
  void skipBeforeItsBatch_holdsWhenTheBatchComes() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.skip(1, 1);
      harness.runner.offer(echo(1, 3));
      harness.runner.offer(echo(0, 1));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsSubsequence("1/0 ok 1:0", "1/1 skipped", "1/2 skipped", "1 ended");
    }
  }

  @Test
  void skipAfterItsBatchArrived_andWhileItRuns_keepsLaterItemsFromBeginning() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      harness.runner.offer(new TestBatch(0, 3, 0, index -> {
        if (index == 0) {
          inItem.countDown();
          release.await(10, TimeUnit.SECONDS);
        }
        return index;
      }));
      harness.runner.offer(echo(1, 2));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.skip(0, 1); // while its item 0 runs: that one runs on
      harness.runner.skip(1, 0); // arrived, not begun
      harness.runner.skip(0, 2); // a later skip never undoes an earlier, lower one
      release.countDown();
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 ok 0", "0/1 skipped", "0/2 skipped", "0 ended",
          "1 started", "1/0 skipped", "1/1 skipped", "1 ended");
    }
  }

  @Test
  void skipOfABatchThatEnded_leavesTheNextBatchOfThatNumberAlone() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.offer(echo(0, 1));
      assertThat(harness.await("0 ended")).isTrue();
      harness.runner.skip(0, 0);
      harness.runner.offer(echo(1, 1));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).contains("1/0 ok 1:0");
    }
  }

  @Test
  void aFailedItem_skipsTheRestOfItsBatch_butNotTheNextBatch() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.offer(new TestBatch(0, 3, 0, index -> {
        if (index == 1) {
          throw new IllegalStateException("boom");
        }
        return index;
      }));
      harness.runner.offer(echo(1, 1));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 ok 0", "0/1 failed boom", "0/2 skipped",
          "0 ended", "1 started", "1/0 ok 1:0", "1 ended");
    }
  }

  @Test
  void brokenBatch_failsEveryItemThatMayBegin_withoutRunningIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TestBatch broken = new TestBatch(0, 3, 0, index -> calls.incrementAndGet()) {
      @Override
      protected Throwable open() {
        return new IllegalArgumentException("unreadable");
      }
    };
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.skip(0, 2);
      harness.runner.offer(broken);
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 failed unreadable", "0/1 failed unreadable",
          "0/2 skipped", "0 ended");
      assertThat(calls).hasValue(0);
    }
  }

  @Test
  void takeBack_givesBackABatchNotBegun_exactlyOnce_andItsTurnSaysSo() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      harness.runner.offer(new TestBatch(0, 1, 0, index -> {
        inItem.countDown();
        return release.await(10, TimeUnit.SECONDS);
      }));
      harness.runner.offer(new TestBatch(1, 2, 0, index -> calls.incrementAndGet()));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(harness.runner.takeBack(0)).as("begun").isNull();
      assertThat(harness.runner.takeBack(1)).isNotNull();
      assertThat(harness.runner.takeBack(1)).as("given back once").isNull();
      assertThat(harness.runner.takeBack(7)).as("never came").isNull();
      release.countDown();
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 ok true", "0 ended", "1 givenBack");
      assertThat(calls).hasValue(0);
    }
  }

  @Test
  void aBatchThatRefusesItsClaim_isGivenBack_inItsTurn() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      harness.runner.offer(new TestBatch(0, 1, 0, false, index -> "ran"));
      harness.runner.offer(echo(1, 1));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 givenBack", "1 started", "1/0 ok 1:0", "1 ended");
    }
  }

  @Test
  void concurrentTakeBack_andTurn_exactlyOneWins() throws Exception {
    for (int round = 0; round < 500; round++) {
      try (RunnerHarness harness = new RunnerHarness()) {
        AtomicInteger ran = new AtomicInteger();
        harness.runner.offer(new TestBatch(0, 1, 0, index -> ran.incrementAndGet()));
        boolean givenBack = harness.runner.takeBack(0) != null;
        assertThat(harness.closeAndJoin()).isTrue();
        assertThat(ran.get() + (givenBack ? 1 : 0)).as("round %d", round).isEqualTo(1);
        assertThat(harness.events().contains("0 givenBack")).as("round %d", round).isEqualTo(givenBack);
      }
    }
  }

  @Test
  void abandon_endsTheRunnerWithoutReportingMore_andDropsWhatItHeld() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      harness.runner.offer(new TestBatch(0, 2, 0, index -> {
        inItem.countDown();
        try {
          Thread.sleep(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
        return index;
      }));
      harness.runner.offer(echo(1, 1));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.abandon();
      assertThat(harness.ended.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(interrupted).as("the running item was interrupted").isTrue();
      assertThat(harness.events()).containsExactlyInAnyOrder("0 started", "0 dropped", "1 dropped");
      assertThat(harness.runner.takesWork()).isFalse();
      assertThat(harness.runner.offer(echo(2, 1))).isFalse();
    }
  }

  @Test
  void stopAll_skipsEverythingHeldAndToCome_andInterruptsWhatRuns() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      CountDownLatch inItem = new CountDownLatch(1);
      harness.runner.offer(new TestBatch(0, 2, 0, index -> {
        inItem.countDown();
        Thread.sleep(TimeUnit.SECONDS.toMillis(10));
        return index;
      }));
      harness.runner.offer(echo(1, 1));
      assertThat(inItem.await(10, TimeUnit.SECONDS)).isTrue();
      harness.runner.stopAll();
      assertThat(harness.runner.takesWork()).isFalse();
      harness.runner.offer(echo(2, 1));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).containsExactly("0 started", "0/0 skipped", "0/1 skipped", "0 ended",
          "1 started", "1/0 skipped", "1 ended", "2 started", "2/0 skipped", "2 ended");
    }
  }

  @Test
  void aStrayInterruptOfTheRunnersThread_neverReachesAnItem() throws Exception {
    try (RunnerHarness harness = new RunnerHarness()) {
      Thread[] runnerThread = new Thread[1];
      harness.runner.offer(new TestBatch(0, 1, 0, index -> {
        runnerThread[0] = Thread.currentThread();
        return "first";
      }));
      assertThat(harness.await("0 ended")).isTrue();
      runnerThread[0].interrupt(); // while it waits for batch 1
      harness.runner.offer(new TestBatch(1, 1, 0, index -> Thread.currentThread().isInterrupted()));
      assertThat(harness.closeAndJoin()).isTrue();
      assertThat(harness.events()).contains("1/0 ok false");
    }
  }
}
