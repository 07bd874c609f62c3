package org.multipool.process.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a worker stop itself for a {@code cancel(true)} exactly while the cancelled batch runs: the
 * {@link Canceller} decides, at the moment the command reader reads the skip (with a grace of 0) or
 * when the grace after the interrupt has passed, and from then on the task thread begins no other
 * batch. So a stop never lands on the next task, however late the pool reads the answer. (Items of
 * the same batch after the running one are skipped by then: a cancel skips them all.)
 *
 * <p>The task thread announces each batch before it begins it and then checks whether a stop is
 * under way; the deciding thread first marks a stop as under way and then looks at what runs. Both
 * writes are volatile, so at least one side sees the other: either the decider sees the new batch
 * (and it is not the cancelled one), or the task thread sees the stop and waits for the end.
 * Deciders take turns, so one never clears the mark while another decides.
 */
final class StopGate {
  private static final long NOTHING = Long.MIN_VALUE;

  private final Runnable stop;
  /** The seq of the batch running, or {@link #NOTHING}. */
  private final AtomicLong running = new AtomicLong(NOTHING);
  private volatile boolean stopping;
  /** The stop ran and returned (a worker inside a test's JVM): nothing begins any more. */
  private volatile boolean stopped;

  /** @param stop ends the worker; it may return while the JVM shuts down */
  StopGate(Runnable stop) {
    this.stop = stop;
  }

  /** Task thread: batch {@code seq} is about to begin. Waits out a stop; false if the worker stopped. */
  boolean begin(int seq) {
    running.set(seq);
    while (stopping) {
      if (stopped) {
        return false;
      }
      Thread.onSpinWait(); // the command reader is deciding, or the JVM is ending
    }
    return true;
  }

  /** Task thread: the batch has ended. */
  void end() {
    // Without a fence: the next batch is announced with one. A reader that still sees this batch
    // in the instant after it ended stops a worker whose cancelled task has just finished.
    running.lazySet(NOTHING);
  }

  /** Stops the worker if batch {@code seq} is running; true if it did. */
  synchronized boolean stopIfRunning(int seq) {
    if (stopped) {
      return false; // the worker is ending already
    }
    stopping = true;
    if (running.get() == seq) {
      stop.run();
      stopped = true; // the JVM did not end: stopping stays set, and nothing else begins
      return true;
    }
    stopping = false;
    return false;
  }
}
