package org.multipool.process;

/**
 * Lets a worker stop itself for a {@code cancel(true)} exactly while the cancelled item runs: the
 * command reader decides, at the moment it reads the skip, and from then on the task thread begins
 * nothing else. So a stop never lands on the next task, however late the pool reads the answer.
 *
 * <p>The task thread announces each item before it begins it and then checks whether a stop is
 * under way; the command reader first marks a stop as under way and then looks at what runs. Both
 * fields are volatile, so at least one side sees the other: either the reader sees the new item
 * (and it is not the cancelled one), or the task thread sees the stop and waits for the end.
 */
final class StopGate {
  private static final long NOTHING = -1;

  private final Runnable stop;
  /** The item running, as {@code seq << 32 | index}, or {@link #NOTHING}. */
  private volatile long running = NOTHING;
  private volatile boolean stopping;

  /** @param stop ends the worker; it may return while the JVM shuts down */
  StopGate(Runnable stop) {
    this.stop = stop;
  }

  /** Task thread: item {@code index} of batch {@code seq} is about to begin. Waits out a stop. */
  void begin(int seq, int index) {
    running = (long) seq << 32 | index;
    while (stopping) {
      Thread.onSpinWait(); // the command reader is deciding, or the JVM is ending
    }
  }

  /** Task thread: the item that began has ended, or did not begin after all. */
  void end() {
    running = NOTHING;
  }

  /**
   * Command reader: stops the worker if item {@code from} or a later one of batch {@code seq} is
   * running; true if it did.
   */
  boolean stopIfRunning(int seq, int from) {
    stopping = true;
    long now = running;
    if (now != NOTHING && (int) (now >>> 32) == seq && (int) now >= from) {
      stop.run();
      return true; // stopping stays set: nothing else begins while the JVM ends
    }
    stopping = false;
    return false;
  }

  /** Lets the task thread go on after a stop that did not end the JVM; only tests need this. */
  void resume() {
    stopping = false;
  }
}
