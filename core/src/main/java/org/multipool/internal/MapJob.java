package org.multipool.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.multipool.TaskFailedException;
import org.multipool.TaskFunction;
import org.multipool.spi.WorkerControl.Skip;

/**
 * One {@code map} call: every item is read up front, results land in one array in input order, and
 * the first failure stops the items after it (they could not change the outcome).
 */
final class MapJob extends FutureJob<List<Object>> {
  private final Object[] results;
  private final AtomicInteger unfinished;
  private final AtomicLong resolved = new AtomicLong();

  private int failedIndex = Integer.MAX_VALUE; // guarded by this
  private Throwable failure; // guarded by this

  MapJob(CorePool pool, TaskFunction<?, ?> function, int size) {
    super(pool, function, job -> new MapTaskFuture<>(job, size, ((MapJob) job)::resolvedItems));
    this.results = new Object[size];
    this.unfinished = new AtomicInteger(size);
  }

  /** A batch of {@code items}, the job's items from {@code from} on. */
  WorkBatch batch(int from, List<?> items) {
    return new WorkBatch(this, from, items, results, from);
  }

  /** How many items have an outcome, or were skipped after a failure; the future's progress. */
  long resolvedItems() {
    return resolved.get();
  }

  @Override
  void itemsResolved(int count) {
    resolved.addAndGet(count);
  }

  @Override
  void itemFailed(long index, Throwable cause) {
    synchronized (this) {
      if (index < failedIndex) {
        failedIndex = (int) index; // a map's items fit in an array, so in an int
        failure = cause;
      }
    }
    if (skipAfter(index)) {
      pool.skipHeld(this, Skip.UNWANTED); // items sent ahead to worker processes need not run
    }
  }

  @Override
  void batchFinished(WorkBatch batch) {
    if (unfinished.addAndGet(-batch.size()) != 0) {
      return;
    }
    int index;
    Throwable cause;
    synchronized (this) {
      index = failedIndex;
      cause = failure;
    }
    if (cause != null) {
      future.completeExceptionally(new TaskFailedException(index, cause));
    } else {
      future.complete(Arrays.asList(results));
    }
  }
}
