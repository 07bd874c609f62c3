package org.multipool.process.pool;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/**
 * How long a task that {@code cancel(true)} interrupted on a worker JVM may take to end before its
 * worker ends itself: the system property {@value #PROPERTY} of the caller's JVM, read when a pool
 * is built. A {@link Duration} such as {@code PT0.5S}, or a whole number of milliseconds; 0 ends
 * the worker at once, without an interrupt.
 */
final class CancelGrace {
  static final String PROPERTY = "multipool.cancelGrace";

  /**
   * 100 ms. A task blocked in {@code sleep}, {@code wait}, a lock, a shared queue's call or
   * interruptible I/O unwinds within a millisecond of the interrupt, so a tenth of a second leaves
   * room for a busy machine and a collector's pause on top; yet it is short next to what a task
   * that ignores the interrupt then costs anyway, a new worker JVM (about 300 ms to start, plus the
   * initializer).
   */
  static final long DEFAULT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private CancelGrace() {}

  /** The grace the caller's JVM sets, in nanoseconds. */
  static long nanos() {
    return parse(System.getProperty(PROPERTY));
  }

  /**
   * Reads a value of the property; {@code null} or blank is the default.
   *
   * @throws IllegalArgumentException naming the property, the value and what is expected
   */
  static long parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_NANOS;
    }
    String text = value.strip();
    try {
      long nanos = isWholeNumber(text)
          ? Math.multiplyExact(Long.parseLong(text), 1_000_000L)
          : Duration.parse(text).toNanos();
      if (nanos >= 0) {
        return nanos;
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("System property " + PROPERTY + " is '" + value + "', but must be how long"
        + " a task that cancel(true) interrupted may take to end before its worker JVM is ended: a duration such"
        + " as PT0.5S, or a whole number of milliseconds, 0 or more (0 ends the worker at once)");
  }

  private static boolean isWholeNumber(String text) {
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
