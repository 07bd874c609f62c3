package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;
import org.multipool.TaskFailedException;
import org.multipool.spi.Batch;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.testkit.ManualBackend;
import org.multipool.testkit.ManualBackend.ManualWorker;

/**
 * What the core does with the reports of a backend whose workers run elsewhere, driven step by
 * step: runs of results reported at once, items skipped while their results were on the way, and
 * skips that come too late.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReportedRunsTest {
  private static final long WAIT = 10;
  private Pool pool;

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.terminate();
    }
  }

  private List<ManualWorker> open(int workers) throws InterruptedException {
    pool = Pool.builder().backend(ManualBackend.ID, workers).build();
    List<ManualWorker> started = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      started.add(ManualBackend.nextWorker());
    }
    return started;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  /** Shuts the pool down and lets every worker finish what is queued and exit. */
  private void finish(List<ManualWorker> workers) throws Exception {
    pool.shutdown();
    for (ManualWorker worker : workers) {
      while (worker.runOne()) {
        // the next batch
      }
    }
    assertThat(pool.join(Duration.ofSeconds(WAIT))).isTrue();
  }

  @Test
  void runs_deliverEveryResultInOrder() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<List<Integer>> squares = pool.mapAsync(x -> x * x, range(8)); // 4 batches of 2
    for (int b = 0; b < 4; b++) {
      Batch batch = worker.worker().take(Integer.MAX_VALUE);
      assertThat(worker.worker().started(batch, 0)).isTrue();
      worker.worker().succeededRun(batch, 0, ManualWorker.results(batch, 0), batch.size());
    }
    assertThat(squares.get(WAIT, TimeUnit.SECONDS)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49);
    finish(List.of(worker));
  }

  @Test
  void run_afterAFailureBeforeIt_keepsItsItemsSkipped_andTheMapFailsAtTheFailure() throws Exception {
    List<ManualWorker> workers = open(2);
    CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> x, range(32)); // 8 batches of 4
    Batch first = workers.get(0).worker().take(Integer.MAX_VALUE); // items 0-3
    Batch second = workers.get(1).worker().take(Integer.MAX_VALUE); // items 4-7
    assertThat(workers.get(0).worker().started(first, 0)).isTrue();
    assertThat(workers.get(1).worker().started(second, 0)).isTrue();

    workers.get(1).worker().failed(second, 0, new IllegalStateException("item 4"));
    // Items 5-7 ran on the worker before it heard; their run must not count.
    workers.get(1).worker().succeededRun(second, 1, ManualWorker.results(second, 1), 3);
    workers.get(0).worker().succeededRun(first, 0, ManualWorker.results(first, 0), 4);
    finish(workers);

    Throwable thrown = catchThrowable(() -> mapped.get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TaskFailedException.class);
    TaskFailedException failure = (TaskFailedException) thrown.getCause();
    assertThat(failure.index()).isEqualTo(4);
    assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("item 4");
  }

  @Test
  void run_ofACancelledJob_keepsItCancelled_andFreesTheWorker() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> x, range(8));
    Batch held = worker.worker().take(Integer.MAX_VALUE);
    assertThat(worker.worker().started(held, 0)).isTrue();

    assertThat(mapped.cancel(false)).isTrue();
    assertThat(worker.skips()).as("the held batch was skipped at the worker").containsExactly(Skip.CANCELLED);
    worker.worker().succeededRun(held, 0, ManualWorker.results(held, 0), held.size());

    assertThat(mapped.isCancelled()).isTrue();
    CompletableFuture<String> next = pool.submit(() -> "next");
    while (!next.isDone()) {
      assertThat(worker.runOne()).isTrue();
    }
    assertThat(next.get()).isEqualTo("next");
    assertThat(worker.stops()).isZero();
    finish(List.of(worker));
  }

  @Test
  void run_forABatchNoLongerHeld_isDropped() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<String> task = pool.submit(() -> "ran");
    Batch batch = worker.worker().take(Integer.MAX_VALUE);
    assertThat(worker.worker().started(batch, 0)).isTrue();
    worker.worker().succeeded(batch, 0, "first");
    worker.worker().succeededRun(batch, 0, new Object[] {"again"}, 1);
    assertThat(task.get(WAIT, TimeUnit.SECONDS)).isEqualTo("first");
    finish(List.of(worker));
  }

  @Test
  void cancel_tellsTheWorkerWhyItsItemsAreSkipped() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<String> stopping = pool.submit(() -> "stopping");
    CompletableFuture<String> gentle = pool.submit(() -> "gentle");
    Batch first = worker.worker().take(Integer.MAX_VALUE); // both sent ahead, neither announced
    Batch second = worker.worker().take(Integer.MAX_VALUE);

    assertThat(stopping.cancel(true)).isTrue();
    assertThat(gentle.cancel(false)).isTrue();

    assertThat(worker.skips()).containsExactly(Skip.CANCELLED_STOP_BEGUN, Skip.CANCELLED);
    assertThat(worker.stops()).as("nothing was known to run").isZero();
    assertThat(worker.worker().started(first, 0)).as("the pool counts it as skipped").isFalse();
    assertThat(worker.worker().started(second, 0)).isFalse();
    finish(List.of(worker));
  }

  @Test
  void cancelTrue_ofARunningTask_asksTheWorkerToStopItAsCancelled_andTerminateStillStopsIt() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<String> running = pool.submit(() -> "running");
    Batch batch = worker.worker().take(Integer.MAX_VALUE);
    assertThat(worker.worker().started(batch, 0)).isTrue();

    assertThat(running.cancel(true)).isTrue();
    running.cancel(true);
    assertThat(worker.cancels()).as("once per batch").isEqualTo(1);
    assertThat(worker.stops()).as("a cancel may stop it gently").isZero();
    assertThat(worker.skips()).containsOnly(Skip.CANCELLED_STOP_BEGUN);

    pool.terminate(); // the task has not ended: the worker may still run it
    assertThat(worker.stops()).isEqualTo(1);
  }

  /**
   * A backend may report an item's start twice: when it sends the batch, and again when the far
   * side says it began only now (a worker JVM's batch that took long to decode). A
   * {@code cancel(true)} of a map that comes between the two, and reaches the second worker only
   * after the second report, must still reach that worker's item: with a grace, the skip that
   * follows the cancel is what stops it there.
   */
  @Test
  void cancelTrue_withAStartReportedAgainMidway_stillSkipsTheRunningItemAtItsWorker() throws Exception {
    List<ManualWorker> workers = open(2);
    CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> x, range(2)); // 2 batches of 1
    Batch first = workers.get(0).worker().take(Integer.MAX_VALUE);
    Batch second = workers.get(1).worker().take(Integer.MAX_VALUE);
    assertThat(workers.get(0).worker().started(first, 0)).isTrue();
    assertThat(workers.get(1).worker().started(second, 0)).isTrue();
    CompletableFuture<Boolean> reportedAgain = new CompletableFuture<>();
    // The pool skips the first worker's batch before the second's; the second's start comes again then.
    workers.get(0).duringNextSkip(() -> reportedAgain.complete(workers.get(1).worker().started(second, 0)));

    assertThat(mapped.cancel(true)).isTrue();

    assertThat(reportedAgain).as("the start reported again").isCompletedWithValue(true);
    for (ManualWorker worker : workers) {
      assertThat(worker.cancels()).isEqualTo(1);
      assertThat(worker.skips()).as("what the cancel told the worker").containsExactly(Skip.CANCELLED_STOP_BEGUN);
    }
    workers.get(0).worker().failed(first, 0, new InterruptedException("stopped by the cancel"));
    workers.get(1).worker().failed(second, 0, new InterruptedException("stopped by the cancel"));
    assertThat(mapped.isCancelled()).isTrue();
    finish(workers);
  }

  @Test
  void mapFailure_tellsTheWorkerTheItemsAfterItFailedBefore() throws Exception {
    List<ManualWorker> workers = open(2);
    CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> x, range(32)); // 8 batches of 4
    Batch first = workers.get(0).worker().take(Integer.MAX_VALUE);
    Batch second = workers.get(1).worker().take(Integer.MAX_VALUE);
    assertThat(workers.get(0).worker().started(first, 0)).isTrue();

    workers.get(0).worker().failed(first, 0, new IllegalStateException("item 0"));

    assertThat(workers.get(0).skips()).containsExactly(Skip.UNWANTED); // items 1-3
    assertThat(workers.get(1).skips()).containsExactly(Skip.UNWANTED); // items 4-7
    assertThat(workers.get(1).worker().started(second, 0)).isFalse();
    finish(workers);
    assertThat(catchThrowable(() -> mapped.get(WAIT, TimeUnit.SECONDS))).hasCauseInstanceOf(TaskFailedException.class);
  }

  @Test
  void terminate_sendsNoSkips_toWorkersItStops() throws Exception {
    ManualWorker worker = open(1).get(0);
    CompletableFuture<String> held = pool.submit(() -> "held");
    worker.worker().take(Integer.MAX_VALUE);

    pool.terminate();

    assertThat(held.isCancelled()).isTrue();
    assertThat(worker.skips()).isEmpty();
    assertThat(worker.stops()).isEqualTo(1);
  }
}
