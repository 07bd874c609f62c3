package org.multipool.process.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which item of which batch the task thread runs, so that a {@code cancel(true)} interrupts that
 * item and nothing after it: neither the outcome the task thread then writes to the socket (an
 * interrupt in a socket write closes the channel) nor the next item.
 *
 * <p>As Guava's {@code InterruptibleTask} does it: the canceller first claims the item with a
 * compare-and-set, and only then interrupts; the task thread ends each item with a compare-and-set
 * too, and when a claim won, it waits until the interrupt is delivered and clears it. So the
 * decision is taken on one atomic word, the interrupt lands only inside the item it was meant for,
 * and the task thread learns that the item was cancelled.
 *
 * <p>The task thread announces an item before it checks whether the item may begin, and the
 * command reader marks items skipped before it claims: both are volatile, so at least one side sees
 * the other, and an item that begins after the skip is always claimed.
 */
final class RunningItem {
  private static final long IDLE = -1;
  /** Claimed: the interrupt is on its way. */
  private static final long INTERRUPTING = -2;
  /** Claimed, and the interrupt was delivered (or given up on). */
  private static final long INTERRUPTED = -3;

  /** {@link #IDLE}, a claim, or the item running: its batch's seq and its index, both not negative. */
  private final AtomicLong state = new AtomicLong(IDLE);

  /** Task thread: item {@code index} of batch {@code seq} is about to begin. */
  void begin(int seq, int index) {
    state.set(encode(seq, index)); // volatile: ordered before the check of the batch's skip mark
  }

  /**
   * Task thread: the item begun last has ended. If it was claimed, waits until its interrupt is
   * delivered, then clears the thread's interrupt status.
   *
   * @return whether a cancel claimed the item: nothing it did is its outcome
   */
  boolean end(int seq, int index) {
    if (state.compareAndSet(encode(seq, index), IDLE)) {
      return false;
    }
    while (state.get() == INTERRUPTING) {
      Thread.yield(); // the canceller is interrupting this thread; it never takes long
    }
    state.set(IDLE);
    Thread.interrupted();
    return true;
  }

  /**
   * Canceller: claims the item that runs if it belongs to batch {@code seq} and is at {@code from}
   * or after; the caller must then interrupt the task thread and call {@link #interrupted}.
   *
   * @return false if no such item runs
   */
  boolean claim(int seq, int from) {
    long now = state.get();
    if (now < 0 || (int) (now >>> 32) != seq || (int) now < from) {
      return false;
    }
    return state.compareAndSet(now, INTERRUPTING); // fails if the item ended meanwhile
  }

  /** Canceller: the interrupt of the claimed item was delivered, or will not be. */
  void interrupted() {
    state.compareAndSet(INTERRUPTING, INTERRUPTED);
  }

  private static long encode(int seq, int index) {
    return (long) seq << 32 | index;
  }
}
