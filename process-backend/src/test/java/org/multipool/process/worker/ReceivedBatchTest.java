package org.multipool.process.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ordering between a worker beginning items and the pool's skips. */
class ReceivedBatchTest {

  @Test
  void skip_keepsTheItemsFromItsPositionOnFromBeginning() {
    ReceivedBatch batch = new ReceivedBatch(0, 5, 5);
    assertThat(batch.mayBegin(0)).isTrue();
    batch.skip(2);
    assertThat(batch.mayBegin(1)).isTrue();
    assertThat(batch.mayBegin(2)).isFalse();
    assertThat(batch.mayBegin(3)).isFalse();
  }

  @Test
  void skipFromTheBatchFrame_holdsFromTheStart() {
    ReceivedBatch batch = new ReceivedBatch(0, 3, 0);
    assertThat(batch.mayBegin(0)).isFalse();
  }

  @Test
  void laterSkip_neverUndoesAnEarlierOne() {
    ReceivedBatch batch = new ReceivedBatch(0, 4, 4);
    batch.skip(1);
    batch.skip(3);
    assertThat(batch.mayBegin(0)).isTrue();
    assertThat(batch.mayBegin(1)).isFalse();
  }

  /** Once skip returns, nothing from its position on begins; what began before, began before. */
  @Test
  void concurrentSkip_nothingFromItsPositionBeginsAfterIt() throws Exception {
    int items = 64;
    for (int round = 0; round < 2_000; round++) {
      ReceivedBatch batch = new ReceivedBatch(round, items, items);
      int from = ThreadLocalRandom.current().nextInt(items);
      AtomicInteger begunAfterSkip = new AtomicInteger();
      AtomicInteger skipped = new AtomicInteger(); // 1 once skip has returned
      CountDownLatch go = new CountDownLatch(1);
      Thread runner = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < items; i++) {
          boolean skipDone = skipped.get() == 1; // read before begin: skip returned before it
          if (!batch.mayBegin(i)) {
            break;
          }
          if (skipDone && i >= from) {
            begunAfterSkip.incrementAndGet();
          }
        }
      }, "receivedbatch-test-runner");
      runner.start();
      go.countDown();
      batch.skip(from);
      skipped.set(1);
      runner.join();
      assertThat(begunAfterSkip.get()).as("round %d, skip from %d", round, from).isZero();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void giveBack_beforeBegin_keepsTheBatchFromBeginning_onceThePoolWasTold() throws Exception {
    ReceivedBatch batch = new ReceivedBatch(3, 2, 2);
    assertThat(batch.giveBack()).isTrue();
    CountDownLatch begun = new CountDownLatch(1);
    AtomicInteger answer = new AtomicInteger(-1);
    Thread task = new Thread(() -> {
      answer.set(batch.begin() ? 1 : 0);
      begun.countDown();
    }, "task");
    task.start();
    // Until the answer is written, the task thread must not go on to a later batch's outcomes.
    assertThat(begun.await(100, TimeUnit.MILLISECONDS)).isFalse();
    batch.givenBackSent();
    assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(answer.get()).isZero();
    assertThat(batch.giveBack()).as("a second take-back finds nothing to give").isFalse();
  }

  @Test
  void begin_beforeGiveBack_keepsTheBatch() {
    ReceivedBatch batch = new ReceivedBatch(0, 1, 1);
    assertThat(batch.begin()).isTrue();
    assertThat(batch.giveBack()).isFalse();
  }

  /** A take-back racing the task thread: exactly one of them wins, every time. */
  @Test
  void concurrentBeginAndGiveBack_exactlyOneWins() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      ReceivedBatch batch = new ReceivedBatch(round, 1, 1);
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger begun = new AtomicInteger();
      Thread task = new Thread(() -> {
        awaitQuietly(go);
        if (batch.begin()) {
          begun.incrementAndGet();
        }
      }, "task");
      task.start();
      go.countDown();
      boolean givenBack = batch.giveBack();
      if (givenBack) {
        batch.givenBackSent(); // the answer thread's part
      }
      task.join();
      assertThat(begun.get() + (givenBack ? 1 : 0)).as("round %d", round).isEqualTo(1);
    }
  }
}
