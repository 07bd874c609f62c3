package org.multipool.spi;

import org.multipool.BrokenPoolException;

/**
 * The pool as its backend sees it: where workers register, and where the backend reports that the
 * pool cannot go on.
 *
 * <pre>{@code
 * Thread thread = factory.newThread(loop);
 * LocalWorker worker = work.newWorker(thread.getName(), thread::interrupt);
 * if (worker != null) {
 *   thread.start();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface WorkSource {

  /**
   * Registers a new worker that runs its batches on a thread of this JVM.
   *
   * <p>Register a replacement before the worker it replaces calls {@link Worker#exited()}, so the
   * pool never looks as if its last worker had gone while work is still coming.
   *
   * @param label how messages name the worker, for example its thread name or its pid
   * @param control how the pool stops the worker's task or tells it to leave items out; see
   *     {@link WorkerControl}
   * @return the worker's link to the pool, or {@code null} when the pool is stopping and wants no
   *     new worker; then the backend must not start one
   */
  LocalWorker newWorker(String label, WorkerControl control);

  /**
   * Registers a new worker whose batches run elsewhere, such as in a worker JVM or on a cluster
   * member, and whose items the backend reports; the rules of {@link #newWorker} apply.
   *
   * <pre>{@code
   * RemoteWorker worker = work.newRemoteWorker("worker process " + pid, link);
   * }</pre>
   *
   * @param label how messages name the worker, for example its pid
   * @param control how the pool stops the worker's task or tells it to leave items out
   * @return the worker's link to the pool, or {@code null} when the pool is stopping and wants no
   *     new worker; then the backend must not start one
   */
  RemoteWorker newRemoteWorker(String label, WorkerControl control);

  /**
   * Reports that the pool cannot run work any more: an initializer failed, or workers cannot start.
   *
   * <p>The pool fails every pending task with {@code cause}, rejects later calls with a
   * {@link BrokenPoolException}, and stops every worker. Only the first report counts.
   *
   * @param cause why the pool is broken
   */
  void broken(BrokenPoolException cause);
}
