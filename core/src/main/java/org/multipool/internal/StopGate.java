package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;

/**
 * The stops the pool has decided for one worker, and the gate that keeps a stop from reaching the
 * worker's next task, after Guava's {@code InterruptibleTask}.
 *
 * <p>A stop is decided under the worker's lock (its {@link WorkerSlot}), which is what ties it to the
 * batch the worker runs; the backend is called after that lock is released, and the stop counts as
 * in flight until the call returns. A worker that runs its batches in this JVM lets go of a batch
 * only while no stop is in flight, waiting here outside every lock if one is, and clears its
 * interrupt after: so an interrupt sent late lands on the task it was meant for, or on nothing.
 *
 * <pre>{@code
 * synchronized (slot) { decided = running == batch && gate.decideStop(); }
 * if (decided) {
 *   try { control.stop(); } finally { gate.returned(); }
 * }
 * }</pre>
 *
 * <p>Its monitor is taken inside the worker's, never the other way round, and calls nothing.
 */
final class StopGate {
  /** {@code stop()} was called for the running batch, or for the pool's end. */
  @GuardedBy("this")
  private boolean stopRequested;
  /**
   * {@code cancelRunning()} was called for the running batch. Kept apart from
   * {@link #stopRequested}: a backend may stop a cancelled task gently, and {@code terminate()}
   * must still stop it for good.
   */
  @GuardedBy("this")
  private boolean cancelRequested;
  /** Stops decided whose backend call has not returned yet. */
  @GuardedBy("this")
  private int inFlight;

  /** Decides a {@code cancelRunning()}: false if a stop or cancel reached this batch already. */
  synchronized boolean decideCancel() {
    if (stopRequested || cancelRequested) {
      return false;
    }
    cancelRequested = true;
    inFlight++;
    return true;
  }

  /** Decides a {@code stop()} for the pool's end: false if one was decided already. */
  synchronized boolean decideStop() {
    if (stopRequested) {
      return false;
    }
    stopRequested = true;
    inFlight++;
    return true;
  }

  /** Decides the {@code stop()} of a task that ran past its deadline: it is stopped, whatever came before. */
  synchronized void decideTimeoutStop() {
    inFlight++;
  }

  /** The backend call of a decided stop has returned. */
  synchronized void returned() {
    if (--inFlight == 0) {
      notifyAll();
    }
  }

  synchronized boolean noneInFlight() {
    return inFlight == 0;
  }

  /** The worker let go of its batch: the next one may be stopped again. */
  synchronized void reset() {
    stopRequested = false;
    cancelRequested = false;
  }

  /**
   * Waits until no stop is in flight. Waits through interrupts: they are the stops themselves,
   * which the caller clears right after.
   */
  synchronized void awaitNoneInFlight() {
    while (inFlight > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        // the stop being delivered, cleared by the caller once none is in flight
      }
    }
  }
}
