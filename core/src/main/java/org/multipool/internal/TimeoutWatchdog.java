package org.multipool.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Fails and stops tasks that run past the pool's task timeout.
 *
 * <p>Every task gets the same timeout, so a task that starts later also ends its time later. The
 * watchdog therefore sleeps until the earliest deadline of the tasks running now, or one whole
 * timeout when none runs, and never misses a deadline without any per-task scheduling.
 */
final class TimeoutWatchdog implements Runnable {
  private final CorePool pool;
  private final long timeoutNanos;

  TimeoutWatchdog(CorePool pool, long timeoutNanos) {
    this.pool = pool;
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void run() {
    while (!pool.workersGone()) {
      long now = System.nanoTime();
      long sleep = timeoutNanos;
      for (WorkerSlot slot : pool.slots()) {
        slot.expireIfDue(now);
        sleep = Math.min(sleep, slot.nanosLeft(now));
      }
      LockSupport.parkNanos(this, Math.max(sleep, 1));
    }
  }
}
