package org.multipool.process.pool;

import org.multipool.process.pool.BatchEncoder.EncodedBatch;
import org.multipool.spi.Batch;
import org.multipool.spi.RemoteWorker;

/**
 * A batch as sent to a worker JVM, and how far the worker got with it: what the process backend
 * keeps with each {@link org.multipool.spi.remote.InFlightBatch} of its window.
 *
 * <p>Only the thread that moves the head touches the progress: the {@link OutcomeReader}, but for
 * the one moment the {@link BatchSender} hands an idle worker its first batch.
 */
final class SentBatch {
  final Batch batch;
  final EncodedBatch encoded;
  /** The first item without an outcome. */
  volatile int next;
  /** The item whose start was reported last, or -1. */
  volatile int startedIndex = -1;
  /** Whether the pool still wants the item reported started last. */
  volatile boolean live;

  SentBatch(Batch batch, EncodedBatch encoded) {
    this.batch = batch;
    this.encoded = encoded;
  }

  /** Reports that the item at {@link #next} has started on the worker. */
  void reportStart(RemoteWorker slot) {
    live = slot.started(batch, next);
    startedIndex = next;
  }

  /** Whether every item has an outcome. */
  boolean finished() {
    return next >= batch.size();
  }
}
