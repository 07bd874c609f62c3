package org.multipool.spi;

/**
 * A worker that runs its batches on a thread of this JVM: the pool runs each item, records its
 * outcome, and handles its failure, cancellation and timeout.
 *
 * <pre>{@code
 * LocalWorker worker = work.newWorker(thread.getName(), thread::interrupt);
 * try {
 *   for (Batch batch; (batch = worker.take(Integer.MAX_VALUE)) != null; ) {
 *     worker.run(batch);
 *   }
 * } finally {
 *   worker.exited();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface LocalWorker extends Worker {

  /**
   * Runs every item of a batch this worker took on the calling thread and records the outcomes.
   *
   * <p>Each item's failure, cancellation and timeout is handled here; this method throws nothing.
   * The calling thread is interrupted when its current task is cancelled with
   * {@code cancel(true)}, times out or the pool is terminated, and the interrupt is cleared before
   * the next task starts.
   *
   * @param batch a batch this worker took and holds
   * @throws IllegalArgumentException if this worker does not hold {@code batch}
   */
  void run(Batch batch);
}
