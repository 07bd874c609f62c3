package org.multipool.spi;

/**
 * One backend worker's link to its pool: it takes batches, runs or forwards them, and says when it
 * has exited.
 *
 * <p>A worker thread of an in-JVM backend runs this loop:
 *
 * <pre>{@code
 * try {
 *   for (Batch batch; (batch = worker.take(Integer.MAX_VALUE)) != null; ) {
 *     worker.run(batch);
 *   }
 * } finally {
 *   worker.exited();
 * }
 * }</pre>
 *
 * <p>A worker is used by one thread at a time.
 */
public interface Worker {

  /**
   * Waits for the next batch and assigns it to this worker.
   *
   * <p>The batch holds at most {@code maxItems} items: a larger one is split and the rest stays
   * queued, which is how {@code maxTasksPerWorker} is kept exactly. The wait cannot be
   * interrupted; it ends when there is work or when the pool no longer needs this worker.
   *
   * @param maxItems the most items this worker may still run, at least 1
   * @return the batch, or {@code null} when the pool is shut down and drained, or terminated: the
   *     worker should exit
   */
  Batch take(int maxItems);

  /**
   * Runs every item of a batch from {@link #take} on the calling thread and records the outcomes.
   *
   * <p>Each item's failure, cancellation and timeout is handled here; this method throws nothing.
   * The calling thread is interrupted when its current task is cancelled with
   * {@code cancel(true)}, times out or the pool is terminated, and the interrupt is cleared before
   * the next task starts.
   *
   * @param batch the batch this worker took
   */
  void run(Batch batch);

  /** Says that this worker has exited and will take no more batches; call it exactly once. */
  void exited();
}
