package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multipool.WhenQueueFull;

/**
 * The places {@code maxQueuedTasks} gives submitted tasks (semantics 31): {@code submit} takes one
 * before it queues its task, and the task gives it back, once, when it leaves the queue (a worker
 * takes it), is cancelled, or is ended by the pool; a call that fails before its task is queued
 * gives it back at once.
 *
 * <p>Only pools with a limit have one; a pool without pays nothing per task.
 *
 * <p>Its lock is innermost: nothing is called while it is held, so a place can be given back under
 * any other lock. A {@code submit} that waits for a place waits on this lock's condition alone,
 * holding no other lock of the pool, and the pool's end wakes it ({@link #close}).
 *
 * <pre>{@code
 * if (!limit.take()) {          // waits, or throws RejectedExecutionException when full
 *   throw lifecycle.rejected(); // the pool stopped taking work meanwhile
 * }
 * }</pre>
 */
final class QueuedTaskLimit {
  private final String poolName;
  private final int max;
  private final WhenQueueFull whenFull;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a place is given back, and (to all) when the pool stops taking work. */
  private final Condition freed = lock.newCondition();
  @GuardedBy("lock")
  private int taken;
  @GuardedBy("lock")
  private boolean closed;

  QueuedTaskLimit(String poolName, int max, WhenQueueFull whenFull) {
    this.poolName = poolName;
    this.max = max;
    this.whenFull = whenFull;
  }

  /**
   * Takes a place for one task: at once if one is free; else, as the pool chose, waits for one or
   * throws. A call that finds a place free does not look at its thread's interrupt status.
   *
   * @return true if a place was taken; false if the pool no longer takes work, when the caller
   *     throws what a call on such a pool throws
   * @throws RejectedExecutionException if every place is taken and the pool rejects, or the thread
   *     was interrupted while it waited (its interrupt status is set again)
   */
  boolean take() {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return false;
        }
        if (taken < max) {
          taken++;
          return true;
        }
        if (whenFull == WhenQueueFull.REJECT) {
          throw new RejectedExecutionException("The pool " + poolName + " already has " + max
              + " tasks queued, its maxQueuedTasks, and rejects more (WhenQueueFull.REJECT) until"
              + " workers take some");
        }
        try {
          freed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RejectedExecutionException("Interrupted while waiting for room among the " + max
              + " queued tasks of pool " + poolName + " (maxQueuedTasks); the task was not submitted", e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Gives one place back; a task calls it once. */
  void giveBack() {
    lock.lock();
    try {
      if (taken <= 0) {
        throw new AssertionError("more places given back than taken in pool " + poolName);
      }
      taken--;
      freed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The pool takes no more work: every waiting call wakes and gets false, and so does every later one. */
  void close() {
    lock.lock();
    try {
      closed = true;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
