package org.multipool.internal;

import org.multipool.TaskFunction;

/** A job whose outcome is one future: a submitted task, or a whole {@code map}. */
abstract class FutureJob<T> extends Job {
  final TaskFuture<T> future = new TaskFuture<>(this);

  FutureJob(CorePool pool, TaskFunction<?, ?> function) {
    super(pool, function);
  }

  @Override
  final void abort(boolean broken) {
    // End the future before anything is skipped: a skipped item must never look like a result.
    if (broken) {
      future.completeExceptionally(pool.brokenException());
    } else {
      future.cancelQuietly(); // not cancel(): the pool stops its workers itself, nothing to tell them
    }
    skipAll();
  }
}
