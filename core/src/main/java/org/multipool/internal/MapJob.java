package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.multipool.BrokenPoolException;
import org.multipool.MapFuture;
import org.multipool.SerializationException;
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

  @GuardedBy("this")
  private int failedIndex = Integer.MAX_VALUE;
  @GuardedBy("this")
  private Throwable failure;

  MapJob(CorePool pool, TaskFunction<?, ?> function, int size) {
    super(pool, function, job -> new MapTaskFuture<>(job, size, ((MapJob) job)::resolvedItems));
    this.results = new Object[size];
    this.unfinished = new AtomicInteger(size);
  }

  /**
   * Queues the batches of a {@code map} of {@code input}, {@code chunk} items each, and returns its
   * future. Each chunk is copied, prepared (on worker JVMs: serialized) and queued before the next
   * is read, so workers start at once and the preparing overlaps with their work: preparing every
   * chunk first left the workers idle meanwhile, a fifth off a map of 200,000 tiny items.
   *
   * <p>An item that cannot be prepared fails the call with that exception: the chunks queued before
   * it are dropped, and their items that had begun finish, unreported, but are not stopped, so no
   * worker is lost for it (semantics 12). The input's own failure stops them too, as a cancel does.
   */
  static MapFuture<?> start(CorePool pool, TaskFunction<?, ?> fn, Collection<?> input, int chunk) {
    int size = input.size();
    MapJob job = new MapJob(pool, fn, size);
    try {
      ChunkReader chunks = ChunkReader.of(input);
      for (int from = 0; from < size; from += chunk) {
        pool.enqueue(job.batch(from, chunks.next(Math.min(chunk, size - from))));
      }
    } catch (SerializationException e) {
      job.future.cancel(false);
      throw e;
    } catch (RuntimeException e) { // the input's own failure, or a rejection: what was queued must not run
      job.future.cancel(true);
      throw e;
    }
    return (MapFuture<?>) job.future;
  }

  /** Waits for a map's results; a failure surfaces as it would from a direct call. */
  static <R> List<R> await(CompletableFuture<List<R>> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskFailedException failed) {
        throw new TaskFailedException(failed.index(), failed.getCause()); // with the caller's stack
      }
      if (cause instanceof BrokenPoolException broken) {
        throw new BrokenPoolException(broken.getMessage(), broken.getCause());
      }
      throw new IllegalStateException("map failed unexpectedly", cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("Interrupted while waiting for map");
      cancelled.initCause(e);
      throw cancelled;
    }
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
      pool.registry().skipHeld(this, Skip.UNWANTED); // items sent ahead to worker processes need not run
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
