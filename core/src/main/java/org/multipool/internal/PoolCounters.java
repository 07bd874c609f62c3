package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import org.multipool.PoolStats;

/**
 * The counts behind {@link org.multipool.Pool#stats()}, kept under one lock so that a snapshot is
 * consistent: an item leaves the queue and its worker becomes busy in one step, and an item's
 * outcome is counted before the future that reports it completes.
 *
 * <p>Updated once per batch, never per item, so the hot loop of a {@code map} pays nothing for it.
 * Its lock is always the innermost one: the methods call nothing outside this class.
 */
final class PoolCounters {
  @GuardedBy("this")
  private int workers;
  @GuardedBy("this")
  private int busyWorkers;
  @GuardedBy("this")
  private long queuedItems;
  @GuardedBy("this")
  private long completedItems;
  @GuardedBy("this")
  private long failedItems;
  @GuardedBy("this")
  private long workersLost;

  synchronized void queued(long items) {
    queuedItems += items;
  }

  /** A worker took {@code items} from the queue; {@code nowBusy} if it held nothing before. */
  synchronized void taken(int items, boolean nowBusy) {
    queuedItems -= items;
    if (nowBusy) {
      busyWorkers++;
    }
  }

  synchronized void ended(int succeeded, int failed) {
    completedItems += succeeded;
    failedItems += failed;
  }

  synchronized void workerStarted() {
    workers++;
  }

  synchronized void workerIdle() {
    busyWorkers--;
  }

  /**
   * A worker exited or was lost; {@code wasBusy} if it still counted as busy, {@code lost} if it
   * counts as a worker lost.
   */
  synchronized void workerGone(boolean wasBusy, boolean lost) {
    workers--;
    if (wasBusy) {
      busyWorkers--;
    }
    if (lost) {
      workersLost++;
    }
  }

  synchronized PoolStats snapshot() {
    return new PoolStats(workers, busyWorkers, queuedItems, completedItems, failedItems, workersLost);
  }
}
