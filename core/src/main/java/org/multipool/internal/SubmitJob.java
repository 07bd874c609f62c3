package org.multipool.internal;

import java.util.Collections;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
      future.completeExceptionally(asStoredFailure(failure.cause()));
    } else {
      future.complete(result);
    }
  }

  /**
   * What a future stores for a task that threw {@code thrown}, so that {@code get()} throws an
   * {@code ExecutionException} whose cause is {@code thrown} (semantics 28).
   *
   * <p>A {@link CompletableFuture} reads two classes in its stored exception: a
   * {@link CancellationException} makes it cancelled, and {@code get()} unwraps a
   * {@link CompletionException} to its cause. Stored bare, a task's own exception of either class
   * would be misreported, so those two are wrapped in a {@code CompletionException}, as
   * {@code CompletableFuture.supplyAsync} wraps whatever its supplier throws. Every other exception
   * is stored as it is, so {@code handle} and {@code whenComplete} see it unwrapped.
   */
  static Throwable asStoredFailure(Throwable thrown) {
    return thrown instanceof CompletionException || thrown instanceof CancellationException
        ? new CompletionException(thrown)
        : thrown;
  }
}
