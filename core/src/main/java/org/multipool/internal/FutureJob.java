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
    if (broken) {
      // Fail the future before anything is skipped: a skipped item must never look like a result.
      future.completeExceptionally(pool.brokenException());
      skipAll();
    } else {
      future.cancel(false);
    }
  }
}
