package org.multipool.process.pool;

import org.multipool.spi.Batch;
import org.multipool.spi.Worker;

/**
 * A batch sent, or about to be sent, to a worker JVM, and how far the worker got with it.
 *
 * <p>The fields under {@link InFlight}'s lock are shared by the threads that skip, send and read;
 * the rest belongs to whichever thread moves the head (see {@link OutcomeReader}).
 */
final class SentBatch {
  final Batch batch;
  /** Numbers the worker's batches from 0, in sending order. */
  final int seq;

  // Guarded by the InFlight lock.
  /** Items from here on must not run. */
  int skipFrom;
  /** The frame has been written. */
  boolean sent;
  /** The lowest skip position the worker has received. */
  int answeredFrom = Integer.MAX_VALUE;
  /** A {@code cancel(true)} skipped items of it: the worker ends if one of them runs. */
  boolean stopIfRunning;
  /** Every item has its outcome, or the worker gave the batch back. */
  boolean done;
  /** The pool asked for it back; the request goes out once the frame has. */
  boolean takeBackAsked;
  /** The take-back frame is on its way: the worker may now give the batch back. */
  boolean takeBackSent;

  // Only the thread that moves the head touches these.
  /** The first item without an outcome. */
  volatile int next;
  /** The item whose start was reported last, or -1. */
  volatile int startedIndex = -1;
  /** Whether the pool still wants the item reported started last. */
  volatile boolean live;
  /** When its first item started; 0 until then. */
  volatile long startedAt;

  SentBatch(Batch batch, int seq) {
    this.batch = batch;
    this.seq = seq;
  }

  /** Reports that the item at {@link #next} has started on the worker. */
  void reportStart(Worker slot) {
    if (startedAt == 0) {
      startedAt = System.nanoTime();
    }
    live = slot.started(batch, next);
    startedIndex = next;
  }

  /** Whether every item has an outcome. */
  boolean finished() {
    return next >= batch.size();
  }
}
