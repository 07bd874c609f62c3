package org.multipool.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A worker whose batches run elsewhere, such as in a worker JVM or on a cluster member: the
 * backend may take several batches ahead to hide latency, and reports every item: {@link #started}
 * when the item begins (it may answer that the item was cancelled), then {@link #succeeded} or
 * {@link #failed}. If the worker dies the backend calls {@link #lost}: the items the worker had
 * begun fail, the batches it had not begun go back to the queue for other workers, and nothing
 * that already ran runs again. Then it registers a replacement and calls {@link #exited()}.
 *
 * <p>The pool decides which outcome of an item counts: a result that arrives after the item timed
 * out, was failed by {@code lost}, or was cancelled is dropped.
 *
 * <pre>{@code
 * RemoteWorker worker = work.newRemoteWorker("worker process " + pid, link);
 * Batch batch = worker.take(Integer.MAX_VALUE);
 * send(batch);
 * // as the far side reports:
 * if (worker.started(batch, 0)) {
 *   worker.succeeded(batch, 0, result);
 * }
 * }</pre>
 *
 * <p>The {@code org.multipool.spi.remote} package holds what such a backend needs on both sides
 * (a send-ahead window, an ordered batch runner), so that it supplies only its transport.
 *
 * @since 0.1.0
 */
public interface RemoteWorker extends Worker {

  /**
   * Reports that an item of a batch this worker holds is about to run elsewhere; its task timeout
   * starts now. Items of one worker run one at a time, in the order of their batches.
   *
   * <p>Returns false if the item must not run: its task was cancelled, or its {@code map} has
   * already failed before it. The item then needs no further report. A backend that can ask
   * before the item begins skips it; one that learns of the start only afterwards should stop the
   * worker, as for {@code cancel(true)}.
   *
   * <p>Reported again for an item whose start was reported before (the far side says only later
   * that it has really begun), it starts the timeout again and returns true: the item already
   * counts as running, so a cancel stops it as it stops any running item ({@link
   * WorkerControl#cancelRunning}, then {@link WorkerControl#skip}).
   *
   * @param batch a batch this worker took
   * @param index the item's position in the batch
   * @return true if the item should run; false also when the worker no longer holds the batch
   */
  boolean started(Batch batch, int index);

  /**
   * Reports an item's result. Once every item of a batch is reported, the worker no longer holds it.
   *
   * @param batch a batch this worker took; a report for one it no longer holds (its items timed
   *     out meanwhile, or the worker was lost) is dropped
   * @param index the item's position in the batch
   * @param result the result, which may be {@code null}
   */
  void succeeded(Batch batch, int index, Object result);

  /**
   * Reports the results of a run of consecutive items that have all finished elsewhere, as
   * {@link #started} and then {@link #succeeded} for each would, in one call: a remote worker's
   * quick items arrive many at a time, and reporting them one by one cost more than running them.
   * An item cancelled meanwhile stays cancelled, and its result is dropped.
   *
   * <pre>{@code
   * worker.succeededRun(batch, 100, results, 50);   // items 100..149 of the batch
   * }</pre>
   *
   * @param batch a batch this worker took; a report for one it no longer holds is dropped
   * @param from the position in the batch of the first item of the run
   * @param results the results, from {@code results[0]} on; each may be {@code null}
   * @param count how many items the run holds
   * @throws IndexOutOfBoundsException if the run does not fit in the batch or in {@code results}
   */
  default void succeededRun(Batch batch, int from, Object[] results, int count) {
    Objects.checkFromIndexSize(from, count, batch.size());
    Objects.checkFromIndexSize(0, count, results.length);
    for (int i = 0; i < count; i++) {
      if (started(batch, from + i)) {
        succeeded(batch, from + i, results[i]);
      }
    }
  }

  /**
   * Reports an item's failure: the task's exception, or why its result could not be had.
   *
   * @param batch a batch this worker took; a report for one it no longer holds is dropped
   * @param index the item's position in the batch
   * @param failure the failure
   */
  void failed(Batch batch, int index, Throwable failure);

  /**
   * Reports that the worker gave back a batch it held ahead, after the pool asked with
   * {@link WorkerControl#takeBack}: it has promised never to begin any of its items. The pool
   * queues the batch again, at the front, for a worker that is idle. Report it only once that
   * promise holds; a report for a batch this worker no longer holds is ignored.
   *
   * <pre>{@code
   * // the far side answered that it dropped the batch before beginning it
   * worker.givenBack(batch);
   * }</pre>
   *
   * @param batch a batch this worker took
   * @since 0.1.0
   */
  void givenBack(Batch batch);

  /**
   * Reports that the worker died. Every item without an outcome in a batch it had begun fails,
   * each with its own exception from {@code failure}; the batches it had not begun are queued
   * again at the front. After this, {@link #take} returns {@code null}.
   *
   * @param failure makes the exception for each failed item, for example a
   *     {@code WorkerCrashedException} with the worker's pid, exit code and error output
   * @throws IllegalStateException if the worker was reported lost already
   */
  void lost(Supplier<? extends Throwable> failure);
}
