package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A worker stops itself for {@code cancel(true)} only while the cancelled item runs. */
class StopGateTest {

  @Test
  void stopsWhileTheItemRuns() {
    AtomicInteger stops = new AtomicInteger();
    StopGate gate = new StopGate(stops::incrementAndGet);
    gate.begin(7, 3);
    assertThat(gate.stopIfRunning(7, 0)).isTrue();
    assertThat(stops).hasValue(1);
  }

  @Test
  void doesNotStopForAnItemThatEnded_anotherBatch_orAnEarlierItem() {
    AtomicInteger stops = new AtomicInteger();
    StopGate gate = new StopGate(stops::incrementAndGet);
    gate.begin(7, 0);
    gate.end();
    assertThat(gate.stopIfRunning(7, 0)).as("ended").isFalse();
    gate.begin(8, 0);
    assertThat(gate.stopIfRunning(7, 0)).as("another batch runs").isFalse();
    gate.end();
    gate.begin(9, 1);
    assertThat(gate.stopIfRunning(9, 2)).as("an item before the skipped ones").isFalse();
    assertThat(stops).hasValue(0);
  }

  /**
   * A task thread runs items of batch 1 and then of batch 2 while the reader stops for batch 1:
   * when it stops, an item of batch 1 is running, and nothing of batch 2 ever begins after.
   */
  @Test
  void concurrentStop_neverLandsOnTheNextBatch() throws Exception {
    for (int round = 0; round < 300; round++) {
      AtomicLong runningAtStop = new AtomicLong(-1);
      AtomicLong running = new AtomicLong(-1);
      AtomicInteger begunAfterStop = new AtomicInteger(); // items of batch 2 begun after the stop
      AtomicBoolean resumed = new AtomicBoolean();
      CountDownLatch stopped = new CountDownLatch(1);
      StopGate gate = new StopGate(() -> {
        runningAtStop.set(running.get());
        stopped.countDown();
      });
      CountDownLatch inBatchOne = new CountDownLatch(1);
      int items = ThreadLocalRandom.current().nextInt(1, 50);
      Thread tasks = new Thread(() -> {
        for (int seq = 1; seq <= 2; seq++) {
          for (int i = 0; i < items; i++) {
            gate.begin(seq, i); // waits while stopped, as it would until the JVM ends
            if (seq == 2 && stopped.getCount() == 0 && !resumed.get()) {
              begunAfterStop.incrementAndGet();
            }
            running.set((long) seq << 32 | i);
            inBatchOne.countDown();
            running.set(-1);
            gate.end();
          }
        }
      }, "stopgate-test-tasks");
      tasks.setDaemon(true);
      tasks.start();
      inBatchOne.await();
      for (int spin = ThreadLocalRandom.current().nextInt(200); spin > 0; spin--) {
        Thread.onSpinWait(); // stop at a different moment each round: mid batch 1, between, or later
      }
      boolean didStop = gate.stopIfRunning(1, 0);
      if (didStop) {
        tasks.join(10); // time to begin what it must not: a task thread that ignored the stop ends now
        long at = runningAtStop.get();
        assertThat(at == -1 || (int) (at >>> 32) == 1).as("round %d: stopped while %x ran", round, at).isTrue();
        assertThat(begunAfterStop).as("round %d", round).hasValue(0);
        resumed.set(true);
        gate.resume();
      }
      tasks.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(tasks.isAlive()).isFalse();
    }
  }
}
