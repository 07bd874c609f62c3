package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;

/**
 * Where each item of one batch is, and the one method that moves it: the single owner of whether an
 * item can still get an outcome, so a reader need not look at four classes and three locks to learn
 * whether an item can be reported twice.
 *
 * <p>Possible moves, as {@code FutureTask} lists its own:
 *
 * <pre>
 * QUEUED  -&gt; HELD     a worker takes the batch (every item at once)
 * QUEUED  -&gt; SKIPPED  its job no longer wants it, and the queue sweeps its batch out (a batch that
 *                     was given back: one never taken has no states yet)
 * HELD    -&gt; QUEUED   the worker gives the batch back, or is lost before beginning it (every item)
 * HELD    -&gt; STARTED  the item begins on its worker
 * HELD    -&gt; DONE     its outcome counts without a start of its own: a run of results, its worker's
 *                     loss, or the whole batch run in this JVM
 * STARTED -&gt; DONE     its outcome counts: a result, a failure, a timeout, its worker's loss
 * HELD    -&gt; SKIPPED  its job no longer wants it and it never began
 * STARTED -&gt; SKIPPED  its job no longer wants it: cancelled while it ran, its outcome is dropped
 * STARTED -&gt; STARTED  the start reported again, which changes nothing
 * STARTED -&gt; QUEUED   the worker gives back a batch it had not begun after all: a backend that
 *                     sends ahead may report the start as it sends, before the far side begins
 * </pre>
 *
 * <p>{@code DONE} and {@code SKIPPED} are final. A move out of them is refused, not an error: that
 * is how a late report (after a timeout, a loss or a cancel) is dropped. Any other move not listed
 * is a bug here and throws {@link AssertionError}.
 *
 * <p>A batch makes its states when a worker first takes it: until then every item is
 * {@code QUEUED}, and a batch waiting in the queue costs nothing here. Until one item moves on its
 * own, every item shares one state, so a batch run in this JVM costs no per-item bookkeeping. The
 * monitor is innermost: nothing is called while it is held.
 *
 * <pre>{@code
 * if (batch.items().move(index, ItemStates.DONE)) { ... }   // this report is the one that counts
 * }</pre>
 */
final class ItemStates {
  static final byte QUEUED = 0;
  static final byte HELD = 1;
  static final byte STARTED = 2;
  static final byte DONE = 3;
  static final byte SKIPPED = 4;

  private final int size;
  /** The state of every item while none has moved on its own. */
  @GuardedBy("this")
  private byte shared = QUEUED;
  /** Each item's state, once one has moved on its own; null before. */
  @GuardedBy("this")
  private byte[] each;
  /** How many items are {@code DONE} or {@code SKIPPED}. */
  @GuardedBy("this")
  private int ended;

  ItemStates(int size) {
    this.size = size;
  }

  /**
   * Moves one item to {@code next}; false if it had ended already, so the caller's outcome does not
   * count.
   *
   * @throws AssertionError for a move the list above does not allow
   */
  synchronized boolean move(int index, byte next) {
    byte now = each == null ? shared : each[index];
    if (isFinal(now)) {
      return false;
    }
    check(now, next);
    if (each == null) {
      each = new byte[size];
      Arrays.fill(each, shared);
    }
    each[index] = next;
    if (isFinal(next)) {
      ended++;
    }
    return true;
  }

  /**
   * Moves every item that has not ended to {@code next}; returns how many moved. A batch that is
   * taken, given back or run here as a whole moves this way.
   */
  synchronized int moveAll(byte next) {
    if (each == null) {
      if (isFinal(shared)) {
        return 0;
      }
      check(shared, next);
      shared = next;
      if (isFinal(next)) {
        ended = size;
      }
      return size;
    }
    int moved = 0;
    for (int i = 0; i < size; i++) {
      if (!isFinal(each[i])) {
        check(each[i], next);
        each[i] = next;
        moved++;
      }
    }
    if (isFinal(next)) {
      ended += moved;
    }
    return moved;
  }

  /** Whether item {@code index} has begun and not ended. */
  synchronized boolean isStarted(int index) {
    return (each == null ? shared : each[index]) == STARTED;
  }

  /** Whether any item has begun or ended: the batch can no longer go back to the queue. */
  synchronized boolean anyBegun() {
    if (each == null) {
      return shared >= STARTED;
    }
    for (byte state : each) {
      if (state >= STARTED) {
        return true;
      }
    }
    return false;
  }

  /** Whether every item has ended. */
  synchronized boolean allEnded() {
    return ended == size;
  }

  private static boolean isFinal(byte state) {
    return state == DONE || state == SKIPPED;
  }

  private static void check(byte now, byte next) {
    boolean allowed = switch (now) {
      case QUEUED -> next == HELD || next == SKIPPED;
      case HELD -> next == QUEUED || next == STARTED || next == DONE || next == SKIPPED;
      case STARTED -> next != HELD;
      default -> false;
    };
    if (!allowed) {
      throw new AssertionError("An item cannot move from " + name(now) + " to " + name(next));
    }
  }

  private static String name(byte state) {
    return switch (state) {
      case QUEUED -> "QUEUED";
      case HELD -> "HELD";
      case STARTED -> "STARTED";
      case DONE -> "DONE";
      default -> "SKIPPED";
    };
  }

  @Override
  public synchronized String toString() {
    return "ItemStates[ended " + ended + " of " + size + "]";
  }
}
