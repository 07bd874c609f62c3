package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A stop claims the task it was meant for, interrupts it while it runs, and never the task after it. */
class InterruptibleTaskTest {

  /** A task whose work is a given body. */
  private static InterruptibleTask task(Runnable body) {
    return new InterruptibleTask() {
      @Override
      protected void runInterruptibly() {
        body.run();
      }
    };
  }

  @Test
  void claim_onlyWhileTheTaskRuns() {
    InterruptibleTask[] self = new InterruptibleTask[1];
    boolean[] claimedInside = new boolean[1];
    self[0] = task(() -> {
      claimedInside[0] = self[0].claim(StopReason.CANCELLED);
      assertThat(self[0].claim(StopReason.TIMED_OUT)).as("claimed once").isFalse();
      self[0].deliverInterrupt(Thread::interrupt);
    });
    assertThat(self[0].claim(StopReason.CANCELLED)).as("not begun").isFalse();
    assertThat(self[0].run()).isEqualTo(StopReason.CANCELLED);
    assertThat(claimedInside[0]).isTrue();
    assertThat(self[0].claim(StopReason.CANCELLED)).as("ended").isFalse();
    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared at the end").isFalse();
    assertThatThrownBy(self[0]::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTaskNobodyStopped_saysSo_andKeepsAnInterruptItGaveItself_fromLeaking() {
    InterruptibleTask selfInterrupting = task(() -> Thread.currentThread().interrupt());
    assertThat(selfInterrupting.run()).isNull();
    Thread.interrupted(); // the runner clears what a task set itself; the next task starts clean anyway
    Thread.currentThread().interrupt(); // stray, before the next task
    AtomicBoolean sawStray = new AtomicBoolean();
    assertThat(task(() -> sawStray.set(Thread.currentThread().isInterrupted())).run()).isNull();
    assertThat(sawStray).as("a stray interrupt from before the task").isFalse();
  }

  @Test
  void killIfStillRunning_onlyAfterAnInterruptedClaim_andOnlyOnce() {
    int[] kills = new int[1];
    InterruptibleTask[] self = new InterruptibleTask[1];
    self[0] = task(() -> {
      assertThat(self[0].killIfStillRunning(() -> kills[0]++)).as("not claimed").isFalse();
      assertThat(self[0].claim(StopReason.CANCELLED)).isTrue();
      self[0].deliverInterrupt(thread -> {});
      assertThat(self[0].killIfStillRunning(() -> kills[0]++)).isTrue();
      assertThat(self[0].killIfStillRunning(() -> kills[0]++)).as("once").isFalse();
    });
    assertThat(self[0].run()).isEqualTo(StopReason.CANCELLED);
    assertThat(self[0].killed()).isTrue();
    assertThat(kills[0]).isEqualTo(1);
  }

  /**
   * A thread runs a first task, then a second, while a stopper claims the first at a random
   * moment and interrupts: if it claims, the first ends stopped; the second never sees the
   * interrupt, whenever it came. (Moved here from the worker JVM's tests of its own copy.)
   */
  @Test
  void concurrentStop_neverInterruptsTheNextTask() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      int spins = ThreadLocalRandom.current().nextInt(1, 300);
      CountDownLatch begun = new CountDownLatch(1);
      AtomicBoolean nextSawInterrupt = new AtomicBoolean();
      CompletableFuture<StopReason> firstStopped = new CompletableFuture<>();
      InterruptibleTask first = task(() -> {
        begun.countDown();
        for (int i = 0; i < spins; i++) {
          Thread.onSpinWait();
        }
      });
      InterruptibleTask second = task(() -> {
        for (int i = 0; i < 300; i++) {
          if (Thread.currentThread().isInterrupted()) {
            nextSawInterrupt.set(true);
          }
          Thread.onSpinWait();
        }
      });
      Thread tasks = new Thread(() -> {
        firstStopped.complete(first.run());
        second.run();
      }, "interruptible-task-test");
      tasks.setDaemon(true);
      tasks.start();
      assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
      for (int spin = ThreadLocalRandom.current().nextInt(400); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      boolean claimed = first.claim(StopReason.CANCELLED);
      if (claimed) {
        first.deliverInterrupt(Thread::interrupt);
      }
      tasks.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(tasks.isAlive()).isFalse();
      assertThat(firstStopped.getNow(null)).as("round %d: the first ended stopped", round)
          .isEqualTo(claimed ? StopReason.CANCELLED : null);
      assertThat(nextSawInterrupt).as("round %d: the next task saw the interrupt", round).isFalse();
    }
  }

  /**
   * A kill after the grace races the task's end: it kills while the task runs, or not at all, and
   * the task then knows it was killed. (Moved here from the worker JVM's tests of its stop gate.)
   */
  @Test
  void concurrentKill_onlyWhileTheClaimedTaskRuns() throws Exception {
    for (int round = 0; round < 1_000; round++) {
      int spins = ThreadLocalRandom.current().nextInt(1, 300);
      CountDownLatch claimed = new CountDownLatch(1);
      AtomicBoolean endedBeforeKill = new AtomicBoolean();
      InterruptibleTask[] self = new InterruptibleTask[1];
      self[0] = task(() -> {
        self[0].claim(StopReason.TIMED_OUT);
        self[0].deliverInterrupt(thread -> {});
        claimed.countDown();
        for (int i = 0; i < spins; i++) {
          Thread.onSpinWait();
        }
      });
      CompletableFuture<Boolean> killedSeen = new CompletableFuture<>();
      Thread tasks = new Thread(() -> {
        self[0].run();
        endedBeforeKill.set(true);
        killedSeen.complete(self[0].killed());
      }, "interruptible-task-kill-test");
      tasks.setDaemon(true);
      tasks.start();
      assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
      for (int spin = ThreadLocalRandom.current().nextInt(400); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      AtomicBoolean endedAtKill = new AtomicBoolean();
      boolean killed = self[0].killIfStillRunning(() -> endedAtKill.set(endedBeforeKill.get()));
      tasks.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(tasks.isAlive()).isFalse();
      assertThat(endedAtKill).as("round %d: the kill came after the task ended", round).isFalse();
      assertThat(killedSeen.getNow(null)).as("round %d", round).isEqualTo(killed);
    }
  }
}
