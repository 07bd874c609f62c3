package org.multipool.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.multipool.TaskFunction;

/** A job whose outcome is one future: a submitted task, or a whole {@code map}. */
abstract class FutureJob<T> extends Job {
  final CompletableFuture<T> future;

  /** {@code futureOf} makes the job's future, a {@link JobFuture} whose cancellation reaches the job. */
  FutureJob(CorePool pool, TaskFunction<?, ?> function, Function<Job, ? extends CompletableFuture<T>> futureOf) {
    super(pool, function);
    this.future = futureOf.apply(this);
  }

  @Override
  final void abort(boolean broken) {
    // End the future before anything is skipped: a skipped item must never look like a result.
    if (broken) {
      future.completeExceptionally(pool.lifecycle().brokenException());
    } else {
      ((JobFuture) future).cancelQuietly(); // not cancel(): the pool stops its workers itself, nothing to tell them
    }
    skipAll();
    leftQueue();
  }
}
