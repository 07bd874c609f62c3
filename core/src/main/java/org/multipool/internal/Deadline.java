package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;

/**
 * The deadline of the one task a worker runs under the pool's task timeout, for the
 * {@link TimeoutWatchdog} to check. Which item of which batch it belongs to is the worker's
 * ({@link WorkerSlot}) business; this keeps the item's index, when it must end, and whether the
 * watchdog has failed it.
 *
 * <pre>{@code
 * deadline.start(index);            // the item begins
 * boolean timedOut = deadline.end(index);
 * }</pre>
 *
 * <p>Its monitor is taken inside the worker's, never the other way round, and calls nothing.
 */
final class Deadline {
  private final long timeoutNanos;
  /** The item that runs under the deadline, or -1. */
  @GuardedBy("this")
  private int index = -1;
  @GuardedBy("this")
  private boolean expired;
  @GuardedBy("this")
  private long endsAt;
  /** When the timed task must end, read by the watchdog without the lock; 0 when none is timed. */
  private volatile long hint;

  Deadline(Duration timeout) {
    this.timeoutNanos = timeout == null ? 0 : saturatedNanos(timeout);
  }

  /** Whether tasks have a timeout at all. */
  boolean timed() {
    return timeoutNanos != 0;
  }

  /** Item {@code started} begins now, under the timeout. */
  synchronized void start(int started) {
    index = started;
    expired = false;
    endsAt = System.nanoTime() + timeoutNanos;
    hint = endsAt == 0 ? 1 : endsAt;
  }

  /** Ends the deadline of {@code ended}, if it runs under one; true if the watchdog failed it. */
  synchronized boolean end(int ended) {
    if (index != ended) {
      return false;
    }
    boolean wasExpired = expired;
    clear();
    return wasExpired;
  }

  /** The item whose deadline has passed at {@code now} and is not failed yet, or -1. */
  synchronized int due(long now) {
    return index < 0 || expired || now - endsAt < 0 ? -1 : index;
  }

  /** The watchdog failed the item: its end reports that, and no deadline is pending meanwhile. */
  synchronized void expire() {
    expired = true;
    hint = 0;
  }

  /** No item runs under a deadline. */
  synchronized void clear() {
    index = -1;
    expired = false;
    hint = 0;
  }

  /** How long the timed task may still run, or {@code Long.MAX_VALUE} if none is timed. */
  long nanosLeft(long now) {
    long at = hint;
    return at == 0 ? Long.MAX_VALUE : at - now;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
