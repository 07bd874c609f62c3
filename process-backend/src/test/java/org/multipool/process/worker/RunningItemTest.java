package org.multipool.process.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A cancel interrupts the item it claimed, and never the item after it. */
class RunningItemTest {

  @Test
  void claimsOnlyTheRunningItemOfThatBatch_atOrAfterTheFirstSkipped() {
    RunningItem item = new RunningItem();
    assertThat(item.claim(3, 0)).as("nothing runs").isFalse();
    item.begin(3, 2);
    assertThat(item.claim(4, 0)).as("another batch").isFalse();
    assertThat(item.claim(3, 3)).as("an item before the skipped ones").isFalse();
    assertThat(item.end(3, 2)).as("not claimed").isFalse();
    assertThat(item.claim(3, 0)).as("it ended").isFalse();

    item.begin(3, 3);
    assertThat(item.claim(3, 3)).isTrue();
    assertThat(item.claim(3, 3)).as("claimed once").isFalse();
    item.interrupted();
    assertThat(item.end(3, 3)).as("the cancel claimed it").isTrue();
    item.begin(5, 0);
    assertThat(item.end(5, 0)).as("the next item is its own").isFalse();
  }

  @Test
  void end_clearsTheInterruptOfAClaim() {
    RunningItem item = new RunningItem();
    item.begin(1, 0);
    assertThat(item.claim(1, 0)).isTrue();
    Thread.currentThread().interrupt();
    item.interrupted();
    assertThat(item.end(1, 0)).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  /**
   * A task thread runs item 0 of batch 1, then item 0 of batch 2, while a canceller claims batch 1
   * at a random moment and interrupts: if it claims, the first item ends cancelled; the second
   * never sees an interrupt, whenever it came.
   */
  @Test
  void concurrentCancel_neverInterruptsTheNextItem() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      RunningItem item = new RunningItem();
      int spins = ThreadLocalRandom.current().nextInt(1, 300);
      CountDownLatch begun = new CountDownLatch(1);
      AtomicBoolean nextSawInterrupt = new AtomicBoolean();
      CompletableFuture<Boolean> firstCancelled = new CompletableFuture<>();
      Thread tasks = new Thread(() -> {
        item.begin(1, 0);
        begun.countDown();
        for (int i = 0; i < spins; i++) {
          Thread.onSpinWait(); // the first item
        }
        firstCancelled.complete(item.end(1, 0));
        Thread.interrupted(); // as the worker's loop does after every item
        item.begin(2, 0);
        for (int i = 0; i < 300; i++) {
          if (Thread.currentThread().isInterrupted()) {
            nextSawInterrupt.set(true);
          }
          Thread.onSpinWait(); // the next item
        }
        item.end(2, 0);
      }, "running-item-test-tasks");
      tasks.setDaemon(true);
      tasks.start();
      assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
      for (int spin = ThreadLocalRandom.current().nextInt(400); spin > 0; spin--) {
        Thread.onSpinWait(); // cancel at a different moment each round: in the first item, between, or later
      }
      boolean claimed = item.claim(1, 0);
      if (claimed) {
        tasks.interrupt();
        item.interrupted();
      }
      tasks.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(tasks.isAlive()).isFalse();
      assertThat(firstCancelled.getNow(null)).as("round %d: the first item ended cancelled", round).isEqualTo(claimed);
      assertThat(nextSawInterrupt).as("round %d: the next item saw the interrupt", round).isFalse();
    }
  }
}
