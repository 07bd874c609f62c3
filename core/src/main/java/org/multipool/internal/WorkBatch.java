package org.multipool.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.TaskFunction;
import org.multipool.spi.Batch;

/**
 * Consecutive items of one job, and where their results go.
 *
 * <p>A batch may be split when a worker can take only part of it; the parts share the original's
 * result slots and its count of unresolved items, and the job hears about the original, once,
 * when the last item of any part is resolved.
 */
final class WorkBatch implements Batch {
  final Job job;
  /** The index, within the job, of this batch's first item. */
  final int base;

  private final Object[] items;
  private final int itemsFrom;
  private final Object[] results;
  private final int resultsFrom;
  private final int size;
  private final WorkBatch original;
  private final AtomicInteger unresolved;

  /** Set when every item is resolved; read by ordered streams waiting for this batch. */
  volatile boolean finished;

  WorkBatch(Job job, int base, Object[] items, int itemsFrom, int size, Object[] results, int resultsFrom) {
    this.job = job;
    this.base = base;
    this.items = items;
    this.itemsFrom = itemsFrom;
    this.size = size;
    this.results = results;
    this.resultsFrom = resultsFrom;
    this.original = this;
    this.unresolved = new AtomicInteger(size);
  }

  private WorkBatch(WorkBatch whole, int from, int size) {
    this.job = whole.job;
    this.base = whole.base + from;
    this.items = whole.items;
    this.itemsFrom = whole.itemsFrom + from;
    this.size = size;
    this.results = whole.results;
    this.resultsFrom = whole.resultsFrom + from;
    this.original = whole.original;
    this.unresolved = whole.unresolved;
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
    return items[itemsFrom + index];
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
   * Counts {@code count} items of this batch as resolved. The atomic update also publishes the
   * plain result writes above to whoever sees the batch finished.
   */
  void resolve(int count) {
    if (count > 0 && unresolved.addAndGet(-count) == 0) {
      original.finished = true;
      job.batchFinished(original);
    }
  }

  @Override
  public String toString() {
    return "Batch[items " + base + ".." + (base + size - 1) + "]";
  }
}
