package org.multipool.spi;

/**
 * One backend worker's link to its pool: it takes batches and says when it has exited. How its
 * items' outcomes reach the pool depends on where they run, so a worker is one of two kinds:
 *
 * <ul>
 *   <li>a {@link LocalWorker} runs its batches on a thread of this JVM ({@link LocalWorker#run}),
 *       and the pool records every outcome itself;
 *   <li>a {@link RemoteWorker} runs them elsewhere, in a worker JVM or on a cluster member, and
 *       the backend reports each item's start and outcome, and the worker's loss.
 * </ul>
 *
 * <p>A backend registers each worker with {@link WorkSource#newWorker} or
 * {@link WorkSource#newRemoteWorker}, and calls {@link #exited()} exactly once when it is done:
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
public interface Worker {

  /**
   * Waits for the next batch and assigns it to this worker.
   *
   * <p>The batch holds at most {@code maxItems} items: a larger one is split and the rest stays
   * queued, which is how {@code maxTasksPerWorker} is kept exactly. The wait cannot be
   * interrupted; it ends when there is work or when the pool no longer needs this worker. It
   * clears the calling thread's interrupt status, which belonged to a task that has ended, so a
   * backend must not use an interrupt to tell a thread that calls {@code take} anything.
   *
   * @param maxItems the most items this worker may still run, at least 1
   * @return the batch, or {@code null} when the pool is shut down and drained, terminated, or this
   *     worker was lost: the worker should exit
   * @throws IllegalArgumentException if {@code maxItems < 1}
   */
  Batch take(int maxItems);

  /**
   * Says that this worker has exited and will take no more batches; call it exactly once, last.
   * Work it still holds is treated as lost: begun items fail, untouched batches are
   * queued again.
   */
  void exited();
}
