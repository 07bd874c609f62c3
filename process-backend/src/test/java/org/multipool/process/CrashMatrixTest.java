package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multipool.Pool;
import org.multipool.PoolBuilder;
import org.multipool.WorkerCrashedException;

/**
 * A worker killed at every point of the protocol, and ended by its own task: each time exactly
 * the tasks it had begun fail, each with its own {@link WorkerCrashedException}, every other task
 * completes exactly once, a replacement takes over, nothing hangs and nothing is left behind.
 *
 * <p>One worker, four tasks of 200 ms submitted at once: the worker runs task 0 and holds task 1
 * ahead, the pool queues the rest. The fault is set for worker 1 only, through the worker-side
 * switch {@code multipool.test.fault}, which only tests set; the replacement is worker 2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashMatrixTest {
  private static final int TASKS = 4;
  private static final long SIGKILL = 137;
  private static final String POOL = "crash-matrix";

  @TempDir Path tempDir;

  /** The points where worker 1 is killed, and what each costs. */
  enum Fault {
    BEFORE_HELLO(Set.of()),
    AFTER_HELLO(Set.of()),
    IN_INITIALIZER(Set.of()),
    BATCH_HALF_RECEIVED(Set.of(0)),   // task 0 runs while task 1's frame arrives
    OUTCOMES_HALF_SENT(Set.of(0)),    // task 0 ran; its outcome never arrived
    SERIALIZING_RESULT(Set.of(0)),
    AFTER_BYE(Set.of());              // maxTasksPerWorker 2: tasks 0 and 1 are done when it dies

    final Set<Integer> lost;

    Fault(Set<Integer> lost) {
      this.lost = lost;
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void killedAtAPointOfTheProtocol_costsExactlyTheTasksItHadBegun(Fault fault) throws Exception {
    Leftovers before = Leftovers.before(POOL);
    try (Pool pool = builder(fault).build()) {
      List<CompletableFuture<Long>> tasks = submitAll(pool);
      check(tasks, fault.lost, Set.of(), SIGKILL);
      assertKilledAt(fault.name());
      if (fault == Fault.AFTER_BYE) {
        assertThat(tasks.stream().map(CompletableFuture::join).distinct().count())
            .as("the worker retired after two tasks and a replacement ran the rest").isEqualTo(2);
      }
    }
    before.assertNoneLeft();
  }

  @Test
  void killedWhileAnsweringASkip_costsTheRunningTask_andTheSkippedOneNeverRuns() throws Exception {
    Leftovers before = Leftovers.before(POOL);
    try (Pool pool = processes().jvmOptions(fault("ANSWERING_SKIP")).build()) {
      List<CompletableFuture<Long>> tasks = submitAll(pool);
      awaitBegan(0); // task 1 is held ahead now
      tasks.get(1).cancel(false); // the worker dies answering this skip
      check(tasks, Set.of(0), Set.of(1), SIGKILL);
      assertThat(began(1)).as("the skipped task never ran").isEmpty();
      assertKilledAt("ANSWERING_SKIP");
    }
    before.assertNoneLeft();
  }

  @Test
  void systemExitInATask_withATaskHeldAhead_costsOnlyThatTask() throws Exception {
    Leftovers before = Leftovers.before(POOL);
    try (Pool pool = processes().build()) {
      List<CompletableFuture<Long>> tasks = submitAll(pool, index -> {
        if (index == 0) {
          System.exit(3);
        }
      });
      check(tasks, Set.of(0), Set.of(), 3);
    }
    before.assertNoneLeft();
  }

  @Test
  void haltInATask_withATaskHeldAhead_costsOnlyThatTask() throws Exception {
    Leftovers before = Leftovers.before(POOL);
    try (Pool pool = processes().build()) {
      List<CompletableFuture<Long>> tasks = submitAll(pool, index -> {
        if (index == 0) {
          Runtime.getRuntime().halt(4);
        }
      });
      check(tasks, Set.of(0), Set.of(), 4);
    }
    before.assertNoneLeft();
  }

  // ---- the scenario and its checks ----

  private final ByteArrayOutputStream workersSaid = new ByteArrayOutputStream();
  private PrintStream stderr;

  /** What workers print reaches this JVM's {@code System.err}, which is caught here for a look. */
  @BeforeEach
  void catchStderr() {
    stderr = System.err;
    System.setErr(new PrintStream(new Tee(workersSaid, stderr), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void releaseStderr() {
    System.setErr(stderr);
  }

  /** The first worker really died at {@code point}: it says so on its stderr just before the SIGKILL. */
  private void assertKilledAt(String point) {
    assertThat(workersSaid.toString(StandardCharsets.UTF_8))
        .contains("multipool worker: killed by fault injection at " + point);
  }

  private PoolBuilder processes() {
    return Pool.builder().processes(1).name(POOL);
  }

  private PoolBuilder builder(Fault fault) {
    PoolBuilder builder = processes().jvmOptions(fault(fault.name()))
        .initializer(() -> System.setProperty("crash-matrix.init", "done"));
    return fault == Fault.AFTER_BYE ? builder.maxTasksPerWorker(2) : builder;
  }

  private static String fault(String point) {
    return "-Dmultipool.test.fault=" + point + "@1";
  }

  /** What a task does when it begins, besides marking that it began. */
  private interface Act extends java.io.Serializable {
    void at(int index) throws Exception;
  }

  private List<CompletableFuture<Long>> submitAll(Pool pool) {
    return submitAll(pool, index -> {});
  }

  /** Submits the tasks; each marks that it began (with its pid), acts, runs 200 ms and returns its pid. */
  private List<CompletableFuture<Long>> submitAll(Pool pool, Act act) {
    String dir = tempDir.toString();
    List<CompletableFuture<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(pool.submit(() -> {
        long pid = ProcessHandle.current().pid();
        Files.createFile(Path.of(dir, "began-" + index + "-" + pid));
        act.at(index);
        Thread.sleep(200);
        return pid;
      }));
    }
    return tasks;
  }

  /**
   * Checks that exactly {@code lost} failed, each with a crash of the worker that began it and
   * {@code exitCode}; that {@code cancelled} were cancelled; and that every other task completed
   * once, by a replacement where the first worker died.
   */
  private void check(List<CompletableFuture<Long>> tasks, Set<Integer> lost, Set<Integer> cancelled, long exitCode)
      throws Exception {
    Set<Integer> failed = new TreeSet<>();
    Map<Integer, Long> completedBy = new HashMap<>();
    for (int i = 0; i < TASKS; i++) {
      CompletableFuture<Long> task = tasks.get(i);
      Throwable thrown = catchThrowable(() -> task.get(30, TimeUnit.SECONDS));
      if (thrown == null) {
        completedBy.put(i, task.get());
      } else if (thrown instanceof CancellationException) {
        assertThat(cancelled).as("task %d was cancelled", i).contains(i);
      } else {
        assertThat(thrown).as("task %d", i).isInstanceOf(ExecutionException.class);
        WorkerCrashedException crash = (WorkerCrashedException) thrown.getCause();
        assertThat(crash.exitCode()).as("exit code of the worker that task %d was on", i).isEqualTo((int) exitCode);
        assertThat(began(i)).as("task %d failed, so it had begun on the worker that died", i)
            .containsExactly(crash.pid());
        failed.add(i);
      }
    }
    assertThat(failed).as("the tasks that failed").isEqualTo(lost);
    for (Map.Entry<Integer, Long> done : completedBy.entrySet()) {
      assertThat(began(done.getKey())).as("task %d completed, and ran exactly once", done.getKey())
          .containsExactly(done.getValue());
    }
    assertThat(completedBy.keySet()).hasSize(TASKS - lost.size() - cancelled.size());
    for (int i : lost) {
      long dead = began(i).get(0);
      assertThat(completedBy.values()).as("a replacement for worker %d ran the other tasks", dead).doesNotContain(dead);
    }
  }

  /** Waits until task {@code index} has begun; files are what the worker's JVM and this one share. */
  private void awaitBegan(int index) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (began(index).isEmpty()) {
      assertThat(System.nanoTime() - deadline).as("task %d begins", index).isNegative();
      Thread.sleep(5);
    }
  }

  /** The pids of the processes in which task {@code index} began. */
  private List<Long> began(int index) {
    try (Stream<Path> files = Files.list(tempDir)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("began-" + index + "-"))
          .map(name -> Long.parseLong(name.substring(("began-" + index + "-").length())))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
