package org.multipool.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.multipool.TaskFunction;
import org.multipool.spi.Batch;
import org.multipool.spi.WorkerGroup;

/**
 * Consecutive items of one job, and where their results go.
 *
 * <p>A batch may be split when a worker can take only part of it; the parts share the original's
 * result slots and its count of unresolved items, and the job hears about the original, once,
 * when the last item of any part is resolved.
 *
 * <p>Every submitted task is a batch of its own, and a pool may hold a great many of them queued,
 * so a batch is kept small while it waits: a batch of one item holds that item without a list,
 * and the state of its items is made only when a worker first takes it.
 */
final class WorkBatch implements Batch {
  final Job job;
  /** The index, within the job, of this batch's first item; an endless imap passes 2^31. */
  final long base;

  /**
   * Exactly this batch's items: the item itself when the batch has one (a submitted task, say),
   * else a {@code List} that is a view of the caller's list or a copied chunk.
   */
  private final Object items;
  private final Object[] results;
  private final int resultsFrom;
  private final int size;
  private static final AtomicIntegerFieldUpdater<WorkBatch> UNRESOLVED =
      AtomicIntegerFieldUpdater.newUpdater(WorkBatch.class, "unresolved");

  private final WorkBatch original;
  /** Items of the original batch without an outcome; only the original's field counts. */
  private volatile int unresolved;

  /**
   * Where each item is: queued, held, started, done or skipped; the one owner of that. Null until a
   * worker first takes the batch: until then every item is queued.
   */
  private volatile ItemStates states;

  /** What the backend made of this batch before it was queued; never set on split parts. */
  private volatile Object prepared;

  /** When a worker took this batch, by {@link System#nanoTime()}; streams size chunks with it. */
  private volatile long takenAt;

  WorkBatch(Job job, long base, List<?> items, Object[] results, int resultsFrom) {
    this(job, base, items.size() == 1 ? items.get(0) : items, items.size(), results, resultsFrom);
  }

  /** A batch of the one item {@code item}: a submitted task. */
  WorkBatch(Job job, Object item, Object[] results) {
    this(job, 0, item, 1, results, 0);
  }

  private WorkBatch(Job job, long base, Object items, int size, Object[] results, int resultsFrom) {
    this.job = job;
    this.base = base;
    this.items = items;
    this.size = size;
    this.results = results;
    this.resultsFrom = resultsFrom;
    this.original = this;
    this.unresolved = size;
  }

  private WorkBatch(WorkBatch whole, int from, int size) {
    List<?> wholeItems = (List<?>) whole.items; // a batch that can be split has more than one item
    this.job = whole.job;
    this.base = whole.base + from;
    this.items = size == 1 ? wholeItems.get(from) : wholeItems.subList(from, from + size);
    this.size = size;
    this.results = whole.results;
    this.resultsFrom = whole.resultsFrom + from;
    this.original = whole.original;
  }

  /** Returns the first {@code count} items and the rest, as two batches. */
  WorkBatch[] split(int count) {
    return new WorkBatch[] {new WorkBatch(this, 0, count), new WorkBatch(this, count, size - count)};
  }

  @Override
  public TaskFunction<Object, Object> function() {
    return job.function;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Object item(int index) {
    return size == 1 ? items : ((List<?>) items).get(index);
  }

  boolean skips(int index) {
    return job.skips(base + index);
  }

  /** The first item that is skipped, or {@code size()}; every item after it is skipped too. */
  int firstSkipped() {
    long above = job.skipAbove();
    if (above - base >= size) { // also for Long.MAX_VALUE, which nothing is above
      return size;
    }
    return (int) Math.max(0, above - base + 1);
  }

  @Override
  public Object prepared() {
    return prepared;
  }

  /** Lets the backend make this batch ready to leave this JVM, on the caller's thread, before it is queued. */
  void prepareWith(WorkerGroup group) {
    prepared = group.prepare(this);
  }

  /** Where each item is; null while the batch waits for the first worker to take it. */
  ItemStates states() {
    return states;
  }

  /** A worker took this batch now: its items are held. Called under the queue's lock. */
  void taken() {
    takenAt = System.nanoTime();
    ItemStates now = states;
    if (now == null) {
      now = new ItemStates(size);
      states = now;
    }
    now.moveAll(ItemStates.HELD);
  }

  /**
   * Ends this batch, which the queue swept out as its job wants none of its items: they end
   * skipped, as if a worker had taken the batch and skipped them.
   */
  void sweptOut() {
    ItemStates now = states;
    if (now != null) { // a batch taken once, and given back
      now.moveAll(ItemStates.SKIPPED);
    }
    resolve(0, 0, size);
  }

  /** Whether every item of the original batch is resolved: ordered streams wait for it. */
  boolean finished() {
    return original.unresolved == 0;
  }

  /** When a worker last took this batch, by {@link System#nanoTime()}. */
  long takenAt() {
    return takenAt;
  }

  /** Runs one item on the calling thread; returns its result, or a {@link Failure}. */
  Object apply(int index) {
    try {
      return job.function.apply(item(index));
    } catch (Throwable t) { // every failure belongs to its task, not to the worker
      return new Failure(t);
    }
  }

  /**
   * Fails every item that has not ended, each with its own exception from {@code failure}: the
   * worker that held this begun batch was lost. An item its job no longer wants ends skipped.
   */
  void failUnended(Supplier<? extends Throwable> failure) {
    int failed = 0;
    int skipped = 0;
    for (int i = 0; i < size; i++) {
      boolean unwanted = skips(i); // cancelled, or its pool is terminating: the crash is not its outcome
      if (states.move(i, unwanted ? ItemStates.SKIPPED : ItemStates.DONE)) {
        failed(i, failure.get());
        if (unwanted) {
          skipped++;
        } else {
          failed++;
        }
      }
    }
    resolve(0, failed, skipped);
  }

  /** Records what {@link #apply} returned. */
  void record(int index, Object outcome) {
    if (outcome instanceof Failure failure) {
      failed(index, failure.cause());
    } else {
      succeeded(index, outcome);
    }
  }

  /**
   * Runs every item that is not skipped on the calling thread, records the outcomes and counts
   * them in {@code outcomes}: the hot loop of a {@code map}, with every field in a local so nothing
   * is reloaded per item. Whether to skip is asked before every item with an opaque read, which
   * costs next to nothing.
   */
  void runAll(Outcomes outcomes) {
    Job job = this.job;
    TaskFunction<Object, Object> function = job.function;
    Object[] results = this.results;
    int resultsFrom = this.resultsFrom;
    long base = this.base;
    Object[] items;
    try {
      // One bulk copy on the worker, then plain array reads.
      items = size == 1 ? new Object[] {this.items} : ((List<?>) this.items).toArray();
    } catch (RuntimeException e) { // the caller changed its list while the map was running
      for (int i = 0; i < size; i++) {
        failed(i, e);
      }
      outcomes.failed = size;
      return;
    }
    int failures = 0;
    int skips = 0;
    for (int i = 0; i < size; i++) {
      if (job.skips(base + i)) {
        skips++;
        continue;
      }
      try {
        results[resultsFrom + i] = function.apply(items[i]);
      } catch (Throwable t) { // every failure belongs to its task, not to the worker
        failed(i, t);
        if (job.skips(base + i)) {
          skips++; // interrupted by a cancel: that is its outcome, not a failure
        } else {
          failures++;
        }
      }
    }
    outcomes.succeeded = size - failures - skips;
    outcomes.failed = failures;
  }

  /** The result or {@link Failure} of an item, once its batch is finished. */
  Object result(int index) {
    return results[resultsFrom + index];
  }

  void succeeded(int index, Object result) {
    results[resultsFrom + index] = result;
  }

  void failed(int index, Throwable cause) {
    results[resultsFrom + index] = new Failure(cause);
    job.itemFailed(base + index, cause);
  }

  /**
   * Resolves one item that ended with {@code outcome}, a result or a {@link Failure}; a failure of
   * an item its job no longer wants (cancelled, or after its map failed) is no outcome of its own.
   */
  void resolveOne(int index, Object outcome) {
    if (!(outcome instanceof Failure)) {
      resolve(1, 0, 0);
    } else if (skips(index)) {
      resolve(0, 0, 1);
    } else {
      resolve(0, 1, 0);
    }
  }

  /**
   * Counts items of this batch as resolved: {@code succeeded} and {@code failed} ended with those
   * outcomes, {@code skipped} never ran. The atomic update also publishes the plain result writes
   * above to whoever sees the batch finished.
   */
  void resolve(int succeeded, int failed, int skipped) {
    int count = succeeded + failed + skipped;
    if (count <= 0) {
      return;
    }
    // Both before the batch can finish: a finished map shows all its items, in its progress and
    // in the pool's stats.
    job.itemsResolved(count);
    job.pool.counters().ended(succeeded, failed);
    if (UNRESOLVED.addAndGet(original, -count) == 0) {
      job.batchFinished(original);
    }
  }

  /** How the items of one run on a worker's own thread ended; written by that thread only. */
  static final class Outcomes {
    int succeeded;
    int failed;
    /** Failed by the watchdog, which resolves them itself. */
    int timedOut;
  }

  @Override
  public String toString() {
    return "Batch[items " + base + ".." + (base + size - 1) + "]";
  }
}
