package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.PoolStats;
import org.multipool.testkit.Signal;

/**
 * Semantics 6 (docs/semantics.md) on worker JVMs: {@code cancel(true)} of a running task interrupts
 * it first, and the worker is killed and replaced only if the task has not ended after the grace
 * (the system property {@code multipool.cancelGrace}, 100 ms by default).
 */
class CancelRunningTaskTest {
  private static final long WAIT = 30;
  private static final String GRACE = "multipool.cancelGrace";

  @TempDir Path tempDir;
  private final List<Pool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(Pool::terminate);
    pools.forEach(pool -> assertThat(pool.join(Duration.ofSeconds(WAIT))).isTrue());
  }

  /** A pool built while the grace property is {@code grace}; null builds it without the property. */
  private Pool processes(int workers, String grace) {
    String before = System.getProperty(GRACE);
    set(grace);
    try {
      Pool pool = Pool.processes(workers);
      pools.add(pool);
      return pool;
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

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void cancelTrue_ofASleepingTask_interruptsIt_andTheSameWorkerRunsTheNextTask() throws Exception {
    Pool pool = processes(1, null); // the default grace
    long before = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    Signal started = Signal.in(tempDir, "started");
    Signal interrupted = Signal.in(tempDir, "interrupted");
    CompletableFuture<String> sleeping = pool.submit(() -> {
      started.fire();
      try {
        Thread.sleep(60_000);
        return "slept";
      } catch (InterruptedException e) {
        interrupted.fire();
        return "a result after the interrupt"; // dropped: the task was cancelled
      }
    });
    started.await(Duration.ofSeconds(WAIT));

    assertThat(sleeping.cancel(true)).isTrue();
    assertThat(sleeping.isCancelled()).as("cancelled at once").isTrue();
    assertThatThrownBy(sleeping::join).isInstanceOf(CancellationException.class);

    long after = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker survived").isEqualTo(before);
    assertThat(interrupted.fired()).as("the task saw the interrupt").isTrue();
    // The cancelled task's late result is in neither count, and its worker is not lost.
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 2, 0, 0));
  }

  @Test
  void cancelTrue_ofABusyLoopThatIgnoresInterrupts_killsTheWorkerAfterTheGrace() throws Exception {
    Pool pool = processes(1, "PT0.2S");
    long before = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    Signal started = Signal.in(tempDir, "spinning");
    CompletableFuture<Object> spinning = pool.submit(() -> {
      started.fire();
      while (true) {
        Thread.onSpinWait(); // never looks at its interrupt
      }
    });
    started.await(Duration.ofSeconds(WAIT));

    long cancelledAt = System.nanoTime();
    assertThat(spinning.cancel(true)).isTrue();
    assertThat(spinning.isCancelled()).isTrue();

    long after = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker was replaced").isNotEqualTo(before);
    assertThat(System.nanoTime() - cancelledAt).as("the kill waited for the grace")
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(pool.submit(() -> "next")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("next");
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 3, 0, 1));
  }

  /**
   * The cancelled task catches the interrupt and keeps running a while, well within the grace;
   * the task after it, sent ahead to the same worker, must not see that interrupt.
   */
  @Test
  void theInterrupt_neverReachesTheNextTask_whenTheCancelledOneEndsWithinTheGrace() throws Exception {
    Pool pool = processes(1, "PT10S"); // long, so a slow machine cannot turn the test into a kill
    long before = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    for (int round = 0; round < 5; round++) {
      Signal started = Signal.in(tempDir, "started-" + round);
      Signal unwound = Signal.in(tempDir, "unwound-" + round);
      CompletableFuture<String> cancelled = pool.submit(() -> {
        started.fire();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
          while (System.nanoTime() - until < 0) {
            Thread.onSpinWait(); // cleaning up, with the interrupt status cleared
          }
          Thread.currentThread().interrupt(); // and set again on the way out, as polite code does
        }
        unwound.fire();
        return "late";
      });
      CompletableFuture<String> next = pool.submit(() -> { // sent ahead to the busy worker
        boolean atStart = Thread.currentThread().isInterrupted();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return "interrupted while sleeping";
        }
        return atStart ? "interrupted at the start" : pid() + "";
      });
      started.await(Duration.ofSeconds(WAIT));

      assertThat(cancelled.cancel(true)).isTrue();

      assertThat(next).as("round %d", round).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo(before + "");
      assertThat(unwound.fired()).as("round %d: the cancelled task ended by itself", round).isTrue();
    }
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 6, 0, 0));
  }

  @Test
  void aGraceOfZero_killsTheWorkerAtOnce_asBefore() throws Exception {
    Pool pool = processes(1, "0");
    long before = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    Signal started = Signal.in(tempDir, "started");
    Signal interrupted = Signal.in(tempDir, "interrupted");
    CompletableFuture<String> sleeping = pool.submit(() -> {
      started.fire();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.fire();
      }
      return "slept";
    });
    started.await(Duration.ofSeconds(WAIT));

    assertThat(sleeping.cancel(true)).isTrue();

    long after = pool.submit(CancelRunningTaskTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).as("the worker was replaced").isNotEqualTo(before);
    assertThat(interrupted.fired()).as("killed, not interrupted").isFalse();
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 2, 0, 1));
  }

  @Test
  void aGraceThatMakesNoSense_failsTheBuild_namingThePropertyAndTheValue() {
    for (String bad : List.of("soon", "-5", "PT-1S", "1.5")) {
      assertThatThrownBy(() -> processes(1, bad)).as(bad)
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("System property multipool.cancelGrace is '" + bad + "'")
          .hasMessageContaining("PT0.5S")
          .hasMessageContaining("milliseconds");
    }
  }

  /** {@code invokeAny} cancels the tasks that lost with {@code cancel(true)}: they cost no worker. */
  @Test
  void invokeAny_onTheExecutorService_losersCostNoWorker() throws Exception {
    Pool pool = processes(2, null);
    Set<Long> before = workerPids(pool, "before");
    ExecutorService executor = pool.asExecutorService();
    String dir = tempDir.toString();
    Signal loserStarted = Signal.in(tempDir, "loser-started");
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add((Callable<String> & Serializable) () -> {
      loserStarted.await(Duration.ofSeconds(WAIT)); // wins only once a loser runs on the other worker
      return "winner";
    });
    for (int i = 0; i < 4; i++) {
      tasks.add((Callable<String> & Serializable) () -> {
        loserStarted.fire();
        Thread.sleep(60_000);
        Signal.tally(dir, "loser-finished");
        return "loser";
      });
    }

    assertThat(executor.invokeAny(tasks)).isEqualTo("winner");

    assertThat(workerPids(pool, "after")).as("the same two workers").isEqualTo(before);
    assertThat(Signal.count(tempDir, "loser-finished")).isZero();
    assertThat(pool.stats().workersLost()).isZero();
  }

  /** The pids of both workers of a pool of two: two tasks that each wait for the other to start. */
  private Set<Long> workerPids(Pool pool, String name) throws Exception {
    Signal first = Signal.in(tempDir, name + "-1");
    Signal second = Signal.in(tempDir, name + "-2");
    CompletableFuture<Long> one = pool.submit(() -> {
      first.fire();
      second.await(Duration.ofSeconds(WAIT));
      return pid();
    });
    CompletableFuture<Long> two = pool.submit(() -> {
      second.fire();
      first.await(Duration.ofSeconds(WAIT));
      return pid();
    });
    Set<Long> pids = new HashSet<>(List.of(one.get(WAIT, TimeUnit.SECONDS), two.get(WAIT, TimeUnit.SECONDS)));
    assertThat(pids).as("two tasks that wait for each other run on both workers").hasSize(2);
    return pids;
  }
}
