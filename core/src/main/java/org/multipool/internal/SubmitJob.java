package org.multipool.internal;

import java.util.Collections;
import org.multipool.Task;
import org.multipool.TaskFunction;

/** One submitted task: a batch of one item, the task itself, whose function calls it. */
final class SubmitJob extends FutureJob<Object> {
  private static final TaskFunction<Task<?>, Object> CALL = Task::call;

  SubmitJob(CorePool pool) {
    super(pool, CALL, TaskFuture::new);
  }

  WorkBatch batchFor(Task<?> task) {
    return new WorkBatch(this, 0, Collections.singletonList(task), new Object[1], 0);
  }

  @Override
  void batchFinished(WorkBatch batch) {
    // A skipped item means the future was cancelled already; completing it again is a no-op.
    Object result = batch.result(0);
    if (result instanceof Failure failure) {
      future.completeExceptionally(failure.cause());
    } else {
      future.complete(result);
    }
  }
}
