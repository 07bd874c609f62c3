package org.multipool.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.multipool.Task;
import org.multipool.TaskFunction;

/**
 * One submitted task: a batch of one item, the task itself, whose function calls it. A pool with a
 * limit of queued tasks makes a {@link Limited} one, which holds a place in that limit.
 */
class SubmitJob extends FutureJob<Object> {
  private static final TaskFunction<Task<?>, Object> CALL = Task::call;

  SubmitJob(CorePool pool) {
    super(pool, CALL, TaskFuture::new);
  }

  WorkBatch batchFor(Task<?> task) {
    return new WorkBatch(this, task, new Object[1]);
  }

  @Override
  final void batchFinished(WorkBatch batch) {
    leftQueue(); // it did when a worker took it; this only makes sure, whatever way it ended
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

  /**
   * A submitted task that holds one place in its pool's {@link QueuedTaskLimit} from its
   * {@code submit} until it leaves the queue: a subclass, so a pool without a limit pays nothing
   * for it in the memory of each pending task.
   */
  static final class Limited extends SubmitJob {
    private static final AtomicIntegerFieldUpdater<Limited> HOLDS_PLACE =
        AtomicIntegerFieldUpdater.newUpdater(Limited.class, "holdsPlace");

    private final QueuedTaskLimit limit;
    /** 1 while the task holds its place, 0 once it gave it back. */
    private volatile int holdsPlace = 1;

    /** Made once {@code limit} gave the call a place. */
    Limited(CorePool pool, QueuedTaskLimit limit) {
      super(pool);
      this.limit = limit;
    }

    @Override
    void leftQueue() {
      if (holdsPlace == 1 && HOLDS_PLACE.compareAndSet(this, 1, 0)) {
        limit.giveBack();
      }
    }
  }
}
