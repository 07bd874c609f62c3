package org.multipool.process.pool;

import java.time.Duration;

/**
 * Decides, for a worker that ended before it was ready, whether a replacement starts, and after
 * how long.
 *
 * <p>A pool none of whose workers was ever ready has learnt nothing about its command: a worker
 * that failed on its own (bad {@code jvmOptions}, a broken class path) will fail again, so the
 * pool breaks at once, with the JVM's own error; only a worker killed from outside is retried, up
 * to {@value #KILLS_BEFORE_READY} in a row. Once a worker of the pool has been ready, the command
 * is known to work, so any failed start (killed, stalled past the hello's deadline, unable to
 * connect) is bad luck: a replacement starts after a back-off that doubles from
 * {@link #FIRST_BACK_OFF} (0.5, 1, 2, 4, 8 s), and the {@value #FAILURES_AFTER_READY}th failure in
 * a row breaks the pool rather than starting JVMs for ever. A worker that gets ready resets the
 * count.
 */
final class StartFailures {
  static final int KILLS_BEFORE_READY = 3;
  static final int FAILURES_AFTER_READY = 6;
  static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);

  private boolean everReady; // guarded by this
  private int inARow; // guarded by this

  /**
   * One more worker ended before it was ready.
   *
   * @param killed whether it was killed from outside (a signal the pool did not send)
   * @return how long to wait before its replacement starts, or null if the pool must break
   */
  synchronized Duration retryAfter(boolean killed) {
    inARow++;
    if (!everReady) {
      return killed && inARow < KILLS_BEFORE_READY ? Duration.ZERO : null;
    }
    return inARow < FAILURES_AFTER_READY ? FIRST_BACK_OFF.multipliedBy(1L << (inARow - 1)) : null;
  }

  /** A worker got ready. */
  synchronized void ready() {
    everReady = true;
    inARow = 0;
  }
}
