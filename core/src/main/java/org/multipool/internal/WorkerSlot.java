package org.multipool.internal;

import java.time.Duration;
import org.multipool.TaskTimeoutException;
import org.multipool.spi.Batch;
import org.multipool.spi.Worker;

/**
 * The pool's record of one worker: the batch it holds, the task it runs when tasks have a timeout,
 * and how to stop it.
 *
 * <p>Stopping follows Guava's {@code InterruptibleTask}: a stop is requested under this object's
 * lock, and only while the worker still holds the batch (or task) it is meant for; the worker
 * lets go of it under the same lock and then clears any interrupt that was meant for it, so a
 * stop never leaks into the next task. Futures are completed only after the lock is released.
 */
final class WorkerSlot implements Worker {
  private final CorePool pool;
  private final String label;
  private final Runnable stopper;
  private final Duration timeout;
  private final long timeoutNanos;

  private volatile WorkBatch current;
  private boolean stopRequested; // guarded by this
  private int timedIndex = -1; // guarded by this: the item running under a deadline
  private boolean timedOut; // guarded by this
  private long deadline; // guarded by this
  /** When the timed task must end, for the watchdog's sleep; 0 when no task is timed. */
  private volatile long deadlineHint;

  WorkerSlot(CorePool pool, String label, Runnable stopper, Duration timeout) {
    this.pool = pool;
    this.label = label;
    this.stopper = stopper;
    this.timeout = timeout;
    this.timeoutNanos = timeout == null ? 0 : saturatedNanos(timeout);
  }

  @Override
  public Batch take(int maxItems) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1 but was " + maxItems);
    }
    WorkBatch batch = pool.queue().take(maxItems, this);
    // An interrupt that reaches an idle worker was meant for a task that has already ended.
    Thread.interrupted();
    return batch;
  }

  /** Called by the queue, under its lock, when this worker takes {@code batch}. */
  void assign(WorkBatch batch) {
    batch.takenAt = System.nanoTime();
    current = batch;
  }

  @Override
  public void run(Batch taken) {
    WorkBatch batch = (WorkBatch) taken;
    if (batch != current) {
      throw new IllegalArgumentException(batch + " was not taken by " + label);
    }
    int resolvedByWatchdog = 0;
    try {
      if (timeoutNanos == 0) {
        batch.runAll();
      } else {
        resolvedByWatchdog = runTimed(batch);
      }
    } finally {
      release();
      batch.resolve(batch.size() - resolvedByWatchdog);
    }
  }

  /** Runs the items one by one under the task timeout; returns how many the watchdog failed. */
  private int runTimed(WorkBatch batch) {
    int resolvedByWatchdog = 0;
    for (int i = 0; i < batch.size(); i++) {
      if (batch.skips(i)) {
        continue;
      }
      startDeadline(i);
      Object outcome = batch.apply(i);
      if (endDeadline()) {
        resolvedByWatchdog++;
      } else {
        batch.record(i, outcome);
      }
    }
    return resolvedByWatchdog;
  }

  @Override
  public void exited() {
    pool.workerExited(this);
  }

  WorkBatch current() {
    return current;
  }

  /** How long the running task may still run, or {@code Long.MAX_VALUE} if none is timed. */
  long nanosLeft(long now) {
    long hint = deadlineHint;
    return hint == 0 ? Long.MAX_VALUE : hint - now;
  }

  /** Stops the worker if it still holds a batch of {@code job}. */
  synchronized void stopIfRunning(Job job) {
    WorkBatch batch = current;
    if (batch != null && batch.job == job && !stopRequested) {
      stopRequested = true;
      stopper.run();
    }
  }

  /** Stops the worker if it holds any batch: the pool is terminating. */
  synchronized void stopForTermination() {
    if (current != null && !stopRequested) {
      stopRequested = true;
      stopper.run();
    }
  }

  /**
   * Fails and stops the task that runs past its deadline, if any. Called by the watchdog; the
   * failure is recorded after the lock is released.
   */
  void expireIfDue(long now) {
    WorkBatch batch;
    int index;
    synchronized (this) {
      if (timedIndex < 0 || timedOut || now - deadline < 0) {
        return;
      }
      timedOut = true;
      deadlineHint = 0;
      batch = current;
      index = timedIndex;
      stopper.run();
    }
    batch.failed(index, new TaskTimeoutException(
        "Task " + (batch.base + index) + " ran longer than the task timeout of " + timeout
            + " on worker " + label));
    batch.resolve(1);
  }

  private synchronized void startDeadline(int index) {
    timedIndex = index;
    timedOut = false;
    deadline = System.nanoTime() + timeoutNanos;
    deadlineHint = deadline == 0 ? 1 : deadline;
  }

  /** Ends the running task's deadline; true if the watchdog has already failed that task. */
  private boolean endDeadline() {
    boolean expired;
    synchronized (this) {
      expired = timedOut;
      timedIndex = -1;
      timedOut = false;
      deadlineHint = 0;
    }
    if (expired) {
      Thread.interrupted(); // the watchdog's interrupt was for the task that just ended
    }
    return expired;
  }

  private void release() {
    synchronized (this) {
      current = null;
      stopRequested = false;
    }
    Thread.interrupted(); // a stop for the batch just released must not reach the next one
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "Worker[" + label + "]";
  }
}
