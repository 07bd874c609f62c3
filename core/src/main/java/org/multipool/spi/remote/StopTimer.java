package org.multipool.spi.remote;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread that delivers stops for {@link OrderedBatchRunner}s: it interrupts an item that a
 * cancel reached (so the thread that decided never waits for the interrupt, which may wait for a
 * socket write to end), fires items' timeouts, and kills the far side after a grace.
 *
 * <p>One daemon thread, started when first needed; several runners may share it. Closing it drops
 * the timeouts and graces still to come, but an interrupt already handed over is still delivered
 * (a claimed item waits for it), and one handed over later is delivered on the caller's thread.
 *
 * <pre>{@code
 * try (StopTimer timer = new StopTimer("multipool-cancel")) {
 *   boolean clean = new OrderedBatchRunner<>(sink, timer, stopping).run();
 * }
 * }</pre>
 */
public final class StopTimer implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  /**
   * Makes the timer; its thread starts when first needed.
   *
   * @param threadName the name of the timer's thread
   */
  public StopTimer(String threadName) {
    timer = new ScheduledThreadPoolExecutor(1, body -> {
      Thread thread = new Thread(body, threadName);
      thread.setDaemon(true); // a far side's own threads, or its end, decide when the JVM ends
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // most timeouts are cancelled long before they are due
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Runs {@code body} on the timer's thread soon; on the calling thread if the timer is closed. */
  void execute(Runnable body) {
    try {
      timer.execute(body);
    } catch (RejectedExecutionException closed) {
      body.run();
    }
  }

  /** Runs {@code body} after {@code nanos}; null, and never runs it, if the timer is closed. */
  Future<?> schedule(Runnable body, long nanos) {
    try {
      return timer.schedule(body, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null; // the far side is ending
    }
  }

  /** Drops what is still to come but the interrupts already handed over; the thread then ends. */
  @Override
  public void close() {
    timer.shutdown();
  }
}
