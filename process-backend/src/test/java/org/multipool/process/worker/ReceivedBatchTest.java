package org.multipool.process.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
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
}
