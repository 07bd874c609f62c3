package org.multipool.internal;

import java.util.Objects;

/**
 * What a backend whose worker runs batches elsewhere reports about each item: it began, it
 * succeeded (alone or in a run), it failed. The part of a {@link WorkerSlot} that turns those
 * reports into outcomes.
 *
 * <p>Each report is weighed under the worker's lock, where the item's {@link ItemStates} says
 * whether it still counts: a report for an item that timed out, was failed by the worker's loss, or
 * was cancelled meanwhile is dropped. Results are recorded and futures completed after the lock is
 * released.
 *
 * <pre>{@code
 * if (worker.started(batch, 0)) {      // a WorkerSlot, which hands the report on to this
 *   worker.succeeded(batch, 0, result);
 * }
 * }</pre>
 */
final class RemoteReports {
  private final WorkerSlot slot;

  RemoteReports(WorkerSlot slot) {
    this.slot = slot;
  }

  /** See {@link org.multipool.spi.Worker#started}. */
  boolean started(WorkBatch batch, int index) {
    boolean skipped;
    boolean resolve = false;
    boolean nowIdle = false;
    synchronized (slot) {
      if (!slot.holds(batch)) {
        return false; // lost() gave it away, or every item has its outcome (a timeout, say)
      }
      Objects.checkIndex(index, batch.size());
      // Checked under the lock, after the batch is marked running: a cancel either sees it
      // running and stops the worker, or is seen here.
      slot.running = batch;
      if (batch.states().isStarted(index)) {
        // Its start reported again (a worker JVM's batch that began only once decoded): the
        // timeout starts again, nothing else changes. Since the first report the pool counts the
        // item as running, so a cancel stops it through its worker; were it taken for skipped
        // here, that cancel would find it neither running nor held, and tell the worker nothing.
        slot.timeouts.started(index);
        return true;
      }
      skipped = batch.skips(index); // cancelled meanwhile, or its map already failed before it
      if (skipped) {
        resolve = slot.claim(batch, index, ItemStates.SKIPPED);
        nowIdle = slot.idle();
      } else if (!batch.states().move(index, ItemStates.STARTED)) {
        return false; // it has its outcome already
      } else {
        slot.timeouts.started(index);
      }
    }
    if (nowIdle) {
      slot.pool.queue().wake(); // this worker may wait to take a batch ahead: now it may take one at once
    }
    if (resolve) {
      batch.resolve(0, 0, 1);
    }
    return !skipped;
  }

  /** See {@link org.multipool.spi.Worker#succeededRun}. */
  void succeededRun(WorkBatch batch, int from, Object[] results, int count) {
    Objects.checkFromIndexSize(from, count, batch.size());
    Objects.checkFromIndexSize(0, count, results.length);
    boolean[] record = new boolean[count];
    int claimed = 0;
    int recorded = 0;
    boolean nowIdle;
    synchronized (slot) { // one lock for the run, not two per item
      if (!slot.holds(batch)) {
        return; // lost() gave every item its outcome, or the last ones timed out
      }
      for (int i = 0; i < count; i++) {
        int index = from + i;
        slot.timeouts.ended(index);
        boolean skipped = batch.skips(index); // cancelled meanwhile: it keeps its cancellation
        if (slot.claim(batch, index, skipped ? ItemStates.SKIPPED : ItemStates.DONE)) {
          claimed++;
          record[i] = !skipped;
          recorded += skipped ? 0 : 1;
        }
      }
      nowIdle = slot.idle();
    }
    if (nowIdle) {
      slot.pool.queue().wake();
    }
    for (int i = 0; i < count; i++) { // outside the lock: recording may complete a future
      if (record[i]) {
        batch.record(from + i, results[i]);
      }
    }
    batch.resolve(recorded, 0, claimed - recorded);
  }

  /** One item's result, or its {@link Failure}. */
  void report(WorkBatch batch, int index, Object outcome) {
    boolean first;
    boolean nowIdle;
    synchronized (slot) {
      if (!slot.holds(batch)) {
        // lost() gave every item its outcome, or the last ones timed out: this one came too late
        return;
      }
      Objects.checkIndex(index, batch.size());
      slot.timeouts.ended(index);
      boolean unwanted = outcome instanceof Failure && batch.skips(index); // a cancel's interrupt
      first = slot.claim(batch, index, unwanted ? ItemStates.SKIPPED : ItemStates.DONE);
      nowIdle = slot.idle();
    }
    if (nowIdle) {
      slot.pool.queue().wake(); // this worker may wait to take a batch ahead: now it may take one at once
    }
    // A late result of a task that timed out or was cancelled before it began is dropped.
    if (first) {
      batch.record(index, outcome);
      batch.resolveOne(index, outcome);
    }
  }
}
