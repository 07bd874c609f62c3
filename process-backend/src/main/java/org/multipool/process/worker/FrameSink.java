package org.multipool.process.worker;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.multipool.spi.remote.BatchSink;

/**
 * Where the worker's {@link org.multipool.spi.remote.OrderedBatchRunner} reports outcomes: into
 * {@link OutcomeWriter}'s frames, sent when a batch ends, when outcomes have waited a moment or
 * filled a buffer, or at once while tasks run under a timeout (the pool then learns at once that
 * an item ended, before its timeout could kill the worker).
 */
final class FrameSink implements BatchSink<ReceivedBatch> {
  /** Outcomes of quick items wait at most this long before they travel together. */
  private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int FLUSH_BYTES = 256 * 1024;
  /** A batch that begins this long after it arrived tells the pool when it begins. */
  private static final long LATE_START_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final OutcomeWriter outcomes;
  private final FaultInjection faults;
  private final SharedCalls shared;
  private final boolean flushEach;
  private boolean begunOnce; // on the runner's thread only

  FrameSink(OutcomeWriter outcomes, FaultInjection faults, SharedCalls shared, boolean flushEach) {
    this.outcomes = outcomes;
    this.faults = faults;
    this.shared = shared;
    this.flushEach = flushEach;
  }

  /**
   * A batch that begins late tells the pool when: the first of this worker (decoding it loaded
   * classes into a fresh JVM), and any that took a while from its arrival to its start (slow to
   * decode, or sent ahead of a long task). That time is no task's, and the pool starts the first
   * item's timeout again. A batch that begins at once, as a quick map's do, costs no frame.
   */
  @Override
  public void started(ReceivedBatch batch) throws IOException {
    faults.batchBegins();
    if (!begunOnce || System.nanoTime() - batch.arrivedNanos >= LATE_START_NANOS) {
      begunOnce = true;
      outcomes.begun(batch.wireSeq);
    }
  }

  @Override
  public void succeeded(ReceivedBatch batch, int index, Object result) throws IOException {
    shared.taskEnded();
    outcomes.succeeded(batch.wireSeq, index, result);
    maybeFlush();
  }

  @Override
  public void failed(ReceivedBatch batch, int index, Throwable failure) throws IOException {
    shared.taskEnded();
    outcomes.failed(batch.wireSeq, index, failure);
    maybeFlush();
  }

  @Override
  public void skipped(ReceivedBatch batch, int index) throws IOException {
    shared.taskEnded(); // a cancelled item may have taken places in a shared queue
    outcomes.skipped(batch.wireSeq, index);
    maybeFlush();
  }

  @Override
  public void ended(ReceivedBatch batch) throws IOException {
    faults.batchEnds();
    outcomes.flush(); // the pool learns at once that the batch is done and sends the next
  }

  @Override
  public void givenBack(ReceivedBatch batch) {
    batch.awaitGivenBackSent(); // no outcome of it is due
  }

  /** Sends what is still collected: the pool said bye. */
  void flush() throws IOException {
    outcomes.flush();
  }

  private void maybeFlush() throws IOException {
    if (flushEach || outcomes.openNanos(System.nanoTime()) >= FLUSH_NANOS || outcomes.openBytes() >= FLUSH_BYTES) {
      outcomes.flush();
    }
  }
}
