package org.multipool.spi;

import org.multipool.BrokenPoolException;

/**
 * The pool as its backend sees it: where workers register, and where the backend reports that the
 * pool cannot go on.
 *
 * <pre>{@code
 * Thread thread = factory.newThread(loop);
 * Worker worker = work.newWorker(thread.getName(), thread::interrupt);
 * if (worker != null) {
 *   thread.start();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface WorkSource {

  /**
   * Registers a new worker with the pool.
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
  Worker newWorker(String label, WorkerControl control);

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
