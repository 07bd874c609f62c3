package org.multipool.internal;

import java.time.Duration;
import org.multipool.TaskTimeoutException;

/**
 * One worker's side of the task timeout: it runs a batch here item by item under the deadline, and
 * lets the {@link TimeoutWatchdog} fail and stop the task that runs past it.
 *
 * <p>Which outcome of a timed item counts is decided under the worker's lock (its
 * {@link WorkerSlot}), through the item's {@link ItemStates}: the watchdog's timeout or the
 * worker's own outcome, never both. The watchdog stops the task after that lock is released, and the
 * worker clears the interrupt only once that stop has reached the backend ({@link StopGate}).
 *
 * <pre>{@code
 * if (timeouts.timed()) {
 *   timeouts.runTimed(batch, outcomes);   // on the worker's own thread
 * }
 * }</pre>
 */
final class SlotTimeouts {
  private final WorkerSlot slot;
  private final Deadline deadline;
  private final Duration timeout;

  SlotTimeouts(WorkerSlot slot, Deadline deadline, Duration timeout) {
    this.slot = slot;
    this.deadline = deadline;
    this.timeout = timeout;
  }

  boolean timed() {
    return deadline.timed();
  }

  /** Called under the worker's lock: item {@code index} of the running batch begins elsewhere. */
  void started(int index) {
    if (deadline.timed()) {
      deadline.start(index);
    }
  }

  /** Called under the worker's lock: item {@code index} has ended elsewhere; its deadline ends. */
  void ended(int index) {
    deadline.end(index);
  }

  /** Called under the worker's lock: no item runs under a deadline any more. */
  void clear() {
    deadline.clear();
  }

  /** How long the running task may still run, or {@code Long.MAX_VALUE} if none is timed. */
  long nanosLeft(long now) {
    return deadline.nanosLeft(now);
  }

  /** Runs the items of a batch the worker holds one by one under the task timeout, counting how they ended. */
  void runTimed(WorkBatch batch, WorkBatch.Outcomes outcomes) {
    ItemStates states = batch.states();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.skips(i)) {
        continue;
      }
      synchronized (slot) {
        states.move(i, ItemStates.STARTED);
        deadline.start(i);
      }
      Object outcome = batch.apply(i);
      boolean expired;
      synchronized (slot) {
        expired = deadline.end(i);
        if (!expired) { // else the watchdog's timeout is its outcome
          boolean unwanted = outcome instanceof Failure && batch.skips(i); // interrupted by a cancel
          states.move(i, unwanted ? ItemStates.SKIPPED : ItemStates.DONE);
        }
      }
      if (expired) {
        slot.gate.awaitNoneInFlight(); // the watchdog's stop for this task lands before it is cleared
        Thread.interrupted(); // the watchdog's interrupt was for the task that just ended
        outcomes.timedOut++;
      } else {
        batch.record(i, outcome);
        if (!(outcome instanceof Failure)) {
          outcomes.succeeded++;
        } else if (!batch.skips(i)) { // else interrupted by a cancel: no outcome of its own
          outcomes.failed++;
        }
      }
    }
  }

  /**
   * Fails and stops the task that runs past its deadline, if any. Called by the watchdog; the
   * backend is called and the failure recorded after the worker's lock is released.
   */
  void expireIfDue(long now) {
    WorkBatch batch;
    int index;
    synchronized (slot) {
      index = deadline.due(now);
      if (index < 0) {
        return;
      }
      batch = slot.running;
      if (!slot.claim(batch, index, ItemStates.DONE)) {
        deadline.clear(); // its outcome is in already
        return;
      }
      deadline.expire();
      slot.gate.decideTimeoutStop();
    }
    try {
      slot.control.stop(); // after the lock: a backend's stop must not hold up this worker's reports
    } finally {
      slot.gate.returned();
    }
    batch.failed(index, new TaskTimeoutException("Task " + (batch.base + index)
        + " ran longer than the task timeout of " + timeout + " on worker " + slot.label));
    slot.pool.ending().completeTimedOut(() -> batch.resolve(0, 1, 0));
  }
}
