package org.multipool.process.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A worker stops itself for {@code cancel(true)} only while the cancelled batch runs. */
class StopGateTest {

  @Test
  void stopsWhileTheBatchRuns() {
    AtomicInteger stops = new AtomicInteger();
    StopGate gate = new StopGate(stops::incrementAndGet);
    gate.begin(7);
    assertThat(gate.stopIfRunning(7)).isTrue();
    assertThat(stops).hasValue(1);
  }

  @Test
  void doesNotStopForABatchThatEnded_orWhileAnotherRuns() {
    AtomicInteger stops = new AtomicInteger();
    StopGate gate = new StopGate(stops::incrementAndGet);
    gate.begin(7);
    gate.end();
    assertThat(gate.stopIfRunning(7)).as("ended").isFalse();
    gate.begin(8);
    assertThat(gate.stopIfRunning(7)).as("another batch runs").isFalse();
    assertThat(stops).hasValue(0);
  }

  /**
   * A task thread runs batch 1 and then batch 2 while the reader stops for batch 1 at a random
   * moment: if it stops, batch 2 has not begun and never begins. The stop here returns, as it does
   * for a worker inside a test's JVM; in a worker JVM it ends the JVM.
   */
  @Test
  void concurrentStop_neverLandsOnTheNextBatch() throws Exception {
    for (int round = 0; round < 300; round++) {
      AtomicLong runningAtStop = new AtomicLong(-1);
      AtomicLong running = new AtomicLong(-1); // what the task thread is doing, as the test sees it
      AtomicInteger begunAfterStop = new AtomicInteger(); // batch 2 begun after the stop
      CountDownLatch stopped = new CountDownLatch(1);
      CountDownLatch inBatchOne = new CountDownLatch(1);
      StopGate gate = new StopGate(() -> {
        runningAtStop.set(running.get());
        stopped.countDown();
      });
      int spins = ThreadLocalRandom.current().nextInt(1, 200);
      Thread tasks = new Thread(() -> {
        for (int seq = 1; seq <= 2; seq++) {
          if (!gate.begin(seq)) { // waits while the reader decides; false once it stopped the worker
            return;
          }
          if (seq == 2 && stopped.getCount() == 0) {
            begunAfterStop.incrementAndGet();
          }
          running.set(seq);
          inBatchOne.countDown();
          for (int i = 0; i < spins; i++) {
            Thread.onSpinWait(); // the batch's items
          }
          running.set(-1);
          gate.end();
        }
      }, "stopgate-test-tasks");
      tasks.setDaemon(true);
      tasks.start();
      inBatchOne.await();
      for (int spin = ThreadLocalRandom.current().nextInt(400); spin > 0; spin--) {
        Thread.onSpinWait(); // stop at a different moment each round: in batch 1, between, or later
      }
      boolean didStop = gate.stopIfRunning(1);
      if (didStop) {
        assertThat(runningAtStop.get()).as("round %d: what ran at the stop", round).isIn(-1L, 1L);
        assertThat(begunAfterStop).as("round %d", round).hasValue(0);
      }
      tasks.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(tasks.isAlive()).isFalse();
    }
  }
}
