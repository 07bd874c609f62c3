package org.multipool.process.worker;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.multipool.process.wire.FrameChannel;

/**
 * Carries out a {@code cancel(true)} of the item a worker runs: interrupts it, and ends the worker
 * only if the item's batch still runs after the grace. A task that stops at the interrupt (in a
 * sleep, a wait, a shared queue's call) so costs no JVM start and no initializer; one that ignores
 * it is ended as before. With a grace of 0 the worker ends at once, without an interrupt.
 *
 * <p>The command reader decides at once, on the {@link RunningItem}, and answers the skip; the
 * interrupt and the end after the grace happen on a daemon thread of this class, made once per
 * worker when the first cancel needs it. The command reader must never wait: the interrupt waits
 * for a socket write of the task to end, and that may take a while.
 */
final class Canceller implements AutoCloseable {
  private final long graceNanos;
  private final StopGate gate;
  private final RunningItem item;
  private final FrameChannel channel;
  private final Thread taskThread;
  private final Runnable stopped;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, body -> {
    Thread thread = new Thread(body, "multipool-cancel");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param graceNanos how long an interrupted item may take to end; 0 to end the worker at once
   * @param taskThread the thread that runs the items
   * @param stopped tells the task thread that the worker stopped itself after a grace, so it
   *     begins nothing more (a worker inside a test's JVM, whose end returns)
   */
  Canceller(long graceNanos, StopGate gate, RunningItem item, FrameChannel channel, Thread taskThread,
      Runnable stopped) {
    this.graceNanos = graceNanos;
    this.gate = gate;
    this.item = item;
    this.channel = channel;
    this.taskThread = taskThread;
    this.stopped = stopped;
  }

  /**
   * Command reader: items of batch {@code seq} from {@code from} on are cancelled, and the one that
   * runs must stop. Returns at once.
   *
   * @return true if the worker stopped itself already (a grace of 0); it is ending
   */
  boolean cancel(int seq, int from) {
    if (graceNanos == 0) {
      return gate.stopIfRunning(seq);
    }
    if (item.claim(seq, from)) {
      timer.execute(this::interrupt);
      timer.schedule(() -> stopIfStillRunning(seq), graceNanos, TimeUnit.NANOSECONDS);
    }
    return false; // no item of the batch runs, or it has until the grace to end
  }

  private void interrupt() {
    try {
      // A task that writes a frame waits for the socket; if it cannot write within the grace, it
      // is no better off interrupted: the end after the grace stops it.
      channel.interruptBetweenWrites(taskThread, graceNanos);
    } catch (InterruptedException e) {
      // close(): the worker is done
    } finally {
      item.interrupted();
    }
  }

  private void stopIfStillRunning(int seq) {
    // The gate ends the worker only while that very batch runs, never the one after it.
    if (gate.stopIfRunning(seq)) {
      stopped.run();
    }
  }

  /** The worker is done: ends the thread. An interrupt not yet delivered never will be. */
  @Override
  public void close() {
    timer.shutdownNow();
    item.interrupted();
  }
}
