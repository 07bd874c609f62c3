package org.multipool;

import java.util.concurrent.RejectedExecutionException;

/**
 * What {@link Pool#submit} does when the pool already holds as many queued tasks as
 * {@link PoolBuilder#maxQueuedTasks(int, WhenQueueFull)} allows.
 *
 * <pre>{@code
 * Pool pool = Pool.builder()
 *     .threads(8)
 *     .maxQueuedTasks(10_000, WhenQueueFull.REJECT)   // submit throws beyond 10,000 queued tasks
 *     .build();
 * }</pre>
 *
 * <p>Semantics point 31 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public enum WhenQueueFull {
  /**
   * The submitting thread waits until a queued task leaves the queue: a worker takes it, or it is
   * cancelled, or the pool ends. An interrupt ends the wait: {@code submit} then throws
   * {@link RejectedExecutionException} and the thread's interrupt status stays set. A shutdown
   * ends it too, with the exception a call on a shut-down pool gets.
   */
  WAIT,

  /** {@code submit} throws {@link RejectedExecutionException} at once, and the task never runs. */
  REJECT
}
