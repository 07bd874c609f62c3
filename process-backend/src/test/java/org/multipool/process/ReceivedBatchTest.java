package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.multipool.process.Protocol.Event;

/** The ordering between a worker beginning items and the pool's skips, and what a skip answers. */
class ReceivedBatchTest {

  @Test
  void skipBeforeBegin_keepsTheItemsFromRunning_andAnswersInTime() {
    ReceivedBatch batch = new ReceivedBatch(0, 5, 5);
    assertThat(batch.begin(0)).isTrue();
    assertThat(batch.skip(2)).isEqualTo(Event.IN_TIME);
    assertThat(batch.begin(1)).isTrue();
    assertThat(batch.begin(2)).isFalse();
    assertThat(batch.begin(3)).isFalse();
  }

  @Test
  void skipOfARunningItem_answersBegun() {
    ReceivedBatch batch = new ReceivedBatch(0, 3, 3);
    assertThat(batch.begin(0)).isTrue();
    assertThat(batch.skip(0)).isEqualTo(Event.BEGUN);
    batch.end(0);
    assertThat(batch.begin(1)).isFalse();
  }

  @Test
  void skipOfItemsThatBeganAndEnded_answersDone() {
    ReceivedBatch batch = new ReceivedBatch(0, 3, 3);
    assertThat(batch.begin(0)).isTrue();
    batch.end(0);
    assertThat(batch.begin(1)).isTrue();
    batch.end(1);
    assertThat(batch.skip(0)).isEqualTo(Event.DONE);
    assertThat(batch.begin(2)).isFalse();
  }

  @Test
  void skipFromTheBatchFrame_holdsFromTheStart() {
    ReceivedBatch batch = new ReceivedBatch(0, 3, 0);
    assertThat(batch.begin(0)).isFalse();
  }

  @Test
  void laterSkip_neverUndoesAnEarlierOne() {
    ReceivedBatch batch = new ReceivedBatch(0, 4, 4);
    assertThat(batch.skip(1)).isEqualTo(Event.IN_TIME);
    assertThat(batch.skip(3)).isEqualTo(Event.IN_TIME);
    assertThat(batch.begin(0)).isTrue();
    assertThat(batch.begin(1)).isFalse();
  }

  /** "In time" must keep every item from the skip on from beginning; anything else means one began. */
  @Test
  void concurrentSkip_inTimeMeansNothingFromThereBegins() throws Exception {
    int items = 64;
    for (int round = 0; round < 2_000; round++) {
      ReceivedBatch batch = new ReceivedBatch(round, items, items);
      int from = ThreadLocalRandom.current().nextInt(items);
      AtomicInteger lastBegun = new AtomicInteger(-1);
      CountDownLatch go = new CountDownLatch(1);
      Thread runner = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < items && batch.begin(i); i++) {
          lastBegun.set(i);
          batch.end(i);
        }
      }, "receivedbatch-test-runner");
      runner.start();
      go.countDown();
      byte answer = batch.skip(from);
      runner.join();
      if (answer == Event.IN_TIME) {
        assertThat(lastBegun.get()).as("round %d, skip from %d", round, from).isLessThan(from);
      } else {
        assertThat(lastBegun.get()).as("round %d, skip from %d", round, from).isGreaterThanOrEqualTo(from);
      }
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
