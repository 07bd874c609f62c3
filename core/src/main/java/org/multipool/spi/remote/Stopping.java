package org.multipool.spi.remote;

/**
 * What stopping an item means on one far side, for an {@link OrderedBatchRunner}: how its thread
 * is interrupted, and whether the far side is killed when an item that a cancel or a timeout
 * interrupted has not ended after a grace.
 *
 * <p>A worker JVM can be killed: it exits, and the pool replaces it. A cluster member cannot: its
 * runner only interrupts, and an item that ignores the interrupt runs on to its end.
 *
 * <pre>{@code
 * Stopping member = Stopping.interruptOnly();
 * Stopping jvm = Stopping.killAfter(graceNanos, channel::interrupt, () -> exit(CANCELLED));
 * }</pre>
 */
public final class Stopping {
  /** How the thread that runs an item is interrupted. */
  @FunctionalInterface
  public interface Interrupter {
    /**
     * Interrupts {@code thread}; may wait a little first (a worker JVM lets a socket write end,
     * which an interrupt would break), on the {@link StopTimer}'s thread.
     *
     * @param thread the thread that runs the item
     * @throws InterruptedException if the timer's thread is asked to end meanwhile
     */
    void interrupt(Thread thread) throws InterruptedException;
  }

  private static final Stopping INTERRUPT_ONLY = new Stopping(Thread::interrupt, -1, null);

  private final Interrupter interrupter;
  private final long graceNanos;
  private final Runnable kill;

  private Stopping(Interrupter interrupter, long graceNanos, Runnable kill) {
    this.interrupter = interrupter;
    this.graceNanos = graceNanos;
    this.kill = kill;
  }

  /**
   * Stopped items are interrupted with {@link Thread#interrupt()}; the far side is never killed.
   *
   * @return the policy
   */
  public static Stopping interruptOnly() {
    return INTERRUPT_ONLY;
  }

  /**
   * An item that a cancel or a timeout stops is interrupted, and the far side killed if the item
   * still runs {@code graceNanos} later; with a grace of 0 it is killed at once, without an
   * interrupt. The end of the pool ({@link OrderedBatchRunner#stopAll()}) only interrupts.
   *
   * @param graceNanos how long a stopped item may take to end; 0 to kill at once
   * @param interrupter how the item's thread is interrupted
   * @param kill ends the far side; it may return (a worker inside a test's JVM), and then the
   *     runner begins nothing more
   * @return the policy
   * @throws IllegalArgumentException if {@code graceNanos} is negative
   */
  public static Stopping killAfter(long graceNanos, Interrupter interrupter, Runnable kill) {
    if (graceNanos < 0) {
      throw new IllegalArgumentException("graceNanos must be >= 0 but was " + graceNanos);
    }
    if (interrupter == null || kill == null) {
      throw new NullPointerException("interrupter and kill must not be null");
    }
    return new Stopping(interrupter, graceNanos, kill);
  }

  Interrupter interrupter() {
    return interrupter;
  }

  /** Whether a stopped item's far side is killed after the grace. */
  boolean kills() {
    return kill != null;
  }

  /** Whether the far side is killed at once, without an interrupt. */
  boolean killsAtOnce() {
    return kill != null && graceNanos == 0;
  }

  long graceNanos() {
    return graceNanos;
  }

  Runnable kill() {
    return kill;
  }
}
