package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.BrokenPoolException;
import org.multipool.Pool;
import org.multipool.PoolStats;
import org.multipool.TaskFailedException;
import org.multipool.TaskTimeoutException;
import org.multipool.WorkerCrashedException;
import org.multipool.process.pool.WorkerCommand;
import org.multipool.process.worker.WorkerMain;
import org.multipool.testkit.FlightRecording;
import org.multipool.testkit.Signal;

/** Semantics 13, 6 and 7 (docs/semantics.md) on worker JVMs: a worker that dies or is stopped costs only its tasks. */
class WorkerCrashTest {
  private static final long WAIT = 30;

  @TempDir Path tempDir;
  private final List<Pool> pools = new ArrayList<>();

  private Pool track(Pool pool) {
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void closePools() {
    pools.forEach(Pool::terminate);
    pools.forEach(pool -> assertThat(pool.join(Duration.ofSeconds(WAIT))).isTrue());
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void systemExitInATask_failsOnlyThatTask_withPidExitCodeAndStderr() throws Exception {
    Pool pool = track(Pool.processes(1));
    long before = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    CompletableFuture<Object> dying = pool.submit(() -> {
      System.err.println("about to exit from pid " + pid());
      System.exit(42);
      return null;
    });
    Throwable thrown = catchThrowable(() -> dying.get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    WorkerCrashedException crash = (WorkerCrashedException) thrown.getCause();
    assertThat(crash.pid()).isEqualTo(before);
    assertThat(crash.exitCode()).isEqualTo(42);
    assertThat(crash).hasMessageContaining("about to exit from pid " + before).hasMessageContaining("42");
    long after = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(after).isNotEqualTo(before);
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 2, 1, 1));
  }

  @Test
  void aCrash_isAWorkerLostEventWithItsCause_andTheReplacementAWorkerStartedEvent() throws Exception {
    List<RecordedEvent> events = FlightRecording.of("crashing", tempDir, () -> {
      Pool pool = track(Pool.builder().processes(1).name("crashing").build());
      CompletableFuture<Object> dying = pool.submit(() -> {
        System.exit(42);
        return null;
      });
      assertThat(dying).failsWithin(Duration.ofSeconds(WAIT));
      assertThat(pool.submit(() -> "next")).succeedsWithin(Duration.ofSeconds(WAIT));
    });

    List<RecordedEvent> lost = FlightRecording.named(events, "org.multipool.WorkerLost");
    assertThat(lost).singleElement().satisfies(event -> {
      assertThat(event.getString("worker")).isEqualTo("crashing-worker-1");
      assertThat(event.getString("cause")).contains("WorkerCrashedException").contains("42");
      assertThat(event.getInt("batchesFailed")).isEqualTo(1);
    });
    assertThat(FlightRecording.named(events, "org.multipool.WorkerStarted"))
        .extracting(event -> event.getBoolean("replacement")).containsExactly(false, true);
  }

  @Test
  void haltWithExitCodeZero_isStillACrash() throws Exception {
    Pool pool = track(Pool.processes(1));
    Throwable thrown = catchThrowable(() -> pool.submit(() -> {
      Runtime.getRuntime().halt(0);
      return null;
    }).get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(WorkerCrashedException.class);
    assertThat(((WorkerCrashedException) thrown.getCause()).exitCode()).isZero();
    assertThat(pool.submit(() -> "still working")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("still working");
  }

  @Test
  void workerKilledFromOutsideMidTask_failsItsTask_whileAnotherWorkerFinishesItsOwn() throws Exception {
    Pool pool = track(Pool.processes(2));
    String pidFile = tempDir.resolve("victim.pid").toString();
    Signal victimStarted = Signal.in(tempDir, "victim-started");
    Signal survivorStarted = Signal.in(tempDir, "survivor-started");
    Signal release = Signal.in(tempDir, "release");
    CompletableFuture<Long> victim = pool.submit(() -> {
      Files.writeString(Path.of(pidFile), Long.toString(pid()));
      victimStarted.fire();
      Thread.sleep(120_000);
      return pid();
    });
    CompletableFuture<String> survivor = pool.submit(() -> {
      survivorStarted.fire();
      release.block();
      return "survived";
    });
    victimStarted.await(Duration.ofSeconds(WAIT));
    survivorStarted.await(Duration.ofSeconds(WAIT));
    long victimPid = Long.parseLong(Files.readString(Path.of(pidFile)));
    ProcessHandle.of(victimPid).orElseThrow().destroyForcibly();
    Throwable thrown = catchThrowable(() -> victim.get(WAIT, TimeUnit.SECONDS));
    WorkerCrashedException crash = (WorkerCrashedException) thrown.getCause();
    assertThat(crash.pid()).isEqualTo(victimPid);
    assertThat(crash.exitCode()).isEqualTo(137); // 128 + SIGKILL
    assertThat(survivor).isNotDone();
    release.fire();
    assertThat(survivor).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("survived");
    assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
  }

  @Test
  void outOfMemoryUnderSmallHeap_crashesTheWorker_andThePoolGoesOn() throws Exception {
    Pool pool = track(Pool.builder().processes(1).jvmOptions("-Xmx64m").build());
    Throwable thrown = catchThrowable(() -> pool.submit(() -> {
      List<long[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new long[1 << 20]);
      }
    }).get(WAIT, TimeUnit.SECONDS));
    WorkerCrashedException crash = (WorkerCrashedException) thrown.getCause();
    assertThat(crash.exitCode()).isEqualTo(3); // -XX:+ExitOnOutOfMemoryError
    assertThat(crash).hasMessageContaining("OutOfMemoryError");
    assertThat(pool.submit(() -> 6 * 7)).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo(42);
  }

  @Test
  void mapItemsOnACrashingWorker_failOnlyThoseWithoutResults() {
    Pool pool = track(Pool.processes(2));
    Throwable thrown = catchThrowable(() -> pool.map(x -> {
      if (x == 7) {
        System.exit(9);
      }
      return x;
    }, range(20), 1));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(7);
    assertThat(thrown.getCause()).isInstanceOf(WorkerCrashedException.class);
    assertThat(pool.map(x -> x * 2, range(20))).isEqualTo(range(20).stream().map(x -> x * 2).toList());
  }

  @Test
  void busyLoopPastTheTaskTimeout_isKilled_andTheNextTaskRunsInANewProcess() throws Exception {
    // A second: the last task runs in a fresh worker JVM, and the pool's clock counts the time the OS
    // did not give it too (see PoolContractTest.taskTimeout_failsTheTask…).
    Pool pool = track(Pool.builder().processes(1).taskTimeout(Duration.ofSeconds(1)).build());
    long first = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    Throwable thrown = catchThrowable(() -> pool.submit(() -> {
      while (true) {
        Thread.onSpinWait(); // ignores interrupts: only a kill stops it
      }
    }).get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(TaskTimeoutException.class);
    long next = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(next).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 2, 1, 1));
  }

  @Test
  void cancelTrueOnABusyLoop_killsTheWorker_andTheNextTaskRunsInANewProcess() throws Exception {
    Pool pool = track(Pool.processes(1));
    long first = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    Signal started = Signal.in(tempDir, "spinning");
    CompletableFuture<Object> spinning = pool.submit(() -> {
      started.fire();
      while (true) {
        Thread.onSpinWait();
      }
    });
    started.await(Duration.ofSeconds(WAIT));
    assertThat(spinning.cancel(true)).isTrue();
    assertThatThrownBy(spinning::join).isInstanceOf(CancellationException.class);
    long next = pool.submit(WorkerCrashTest::pid).get(WAIT, TimeUnit.SECONDS);
    assertThat(next).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    // The cancelled task ends in neither count: it has no outcome of its own.
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(1, 0, 0, 2, 0, 1));
  }

  @Test
  void terminateWhileATaskRuns_doesNotCountItsWorkerAsLost() throws Exception {
    Pool pool = track(Pool.processes(1));
    Signal started = Signal.in(tempDir, "started");
    CompletableFuture<Object> spinning = pool.submit(() -> {
      started.fire();
      while (true) {
        Thread.onSpinWait();
      }
    });
    started.await(Duration.ofSeconds(WAIT));

    pool.terminate();

    assertThat(pool.join(Duration.ofSeconds(WAIT))).isTrue();
    assertThat(spinning).isCompletedExceptionally();
    assertThat(pool.stats()).as("semantics 23").isEqualTo(new PoolStats(0, 0, 0, 0, 0, 0));
  }

  @Test
  void badJvmOption_breaksThePoolQuickly_withTheJvmsOwnError() {
    long start = System.nanoTime();
    Pool pool = track(Pool.builder().processes(2).jvmOptions("-XX:+NoSuchOptionAnywhere").build());
    Throwable thrown = catchThrowable(() -> pool.submit(() -> 1).get(WAIT, TimeUnit.SECONDS));
    Throwable broken = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    assertThat(broken).isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("NoSuchOptionAnywhere")
        .hasMessageContaining("Could not create the Java Virtual Machine");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(WAIT));
    assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(BrokenPoolException.class);
    assertThat(pool.join(Duration.ofSeconds(WAIT))).isTrue();
  }

  @Test
  void missingMainClassOnTheClassPath_breaksThePool() {
    System.setProperty(WorkerCommand.CLASS_PATH_PROPERTY, tempDir.toString());
    try {
      Pool pool = track(Pool.processes(1));
      Throwable thrown = catchThrowable(() -> pool.submit(() -> 1).get(WAIT, TimeUnit.SECONDS));
      Throwable broken = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
      assertThat(broken).isInstanceOf(BrokenPoolException.class).hasMessageContaining(WorkerMain.class.getName());
    } finally {
      System.clearProperty(WorkerCommand.CLASS_PATH_PROPERTY);
    }
  }

  @Test
  void missingJavaExecutable_breaksThePool_namingIt() {
    System.setProperty(WorkerCommand.JAVA_PROPERTY, tempDir.resolve("no-such-java").toString());
    try {
      Pool pool = track(Pool.processes(1));
      Throwable thrown = catchThrowable(() -> pool.submit(() -> 1).get(WAIT, TimeUnit.SECONDS));
      Throwable broken = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
      assertThat(broken).isInstanceOf(BrokenPoolException.class).hasMessageContaining("no-such-java");
    } finally {
      System.clearProperty(WorkerCommand.JAVA_PROPERTY);
    }
  }

  @Test
  void maxTasksPerWorker_runsEachBatchOfTasksInAFreshProcess() {
    Pool pool = track(Pool.builder().processes(1).maxTasksPerWorker(2).build());
    List<Long> pids = pool.map(x -> pid(), range(6), 1);
    assertThat(pids).hasSize(6);
    assertThat(pids.stream().distinct().count()).isEqualTo(3);
    assertThat(pids.get(0)).isEqualTo(pids.get(1));
    assertThat(pids.get(2)).isEqualTo(pids.get(3)).isNotEqualTo(pids.get(0));
    PoolStats stats = pool.stats();
    assertThat(stats.workersLost()).as("retired workers are not lost").isZero();
    assertThat(stats.completedItems()).isEqualTo(6);
  }

  static List<Integer> range(int n) {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return items;
  }
}
