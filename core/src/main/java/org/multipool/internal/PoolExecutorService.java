package org.multipool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multipool.Task;

/**
 * A pool seen as an {@link ExecutorService}, for code that takes one. Every task goes through the
 * pool's own {@code submit}, so it runs on the pool's workers with the pool's rules: on worker JVMs
 * a {@code Callable} or {@code Runnable} must be serializable, or the call throws
 * {@code SerializationException}; cancelling a future reaches the work.
 *
 * <p>{@code shutdownNow} is {@code terminate()}: it stops what runs and returns no tasks, because
 * the pool keeps none that it could hand back. {@code awaitTermination} waits like
 * {@code join(Duration)}, but an interrupt ends the wait.
 */
final class PoolExecutorService implements ExecutorService {
  private final CorePool pool;

  PoolExecutorService(CorePool pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return pool.submit(asTask(task));
  }

  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return submit(task, null);
  }

  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return pool.submit(() -> {
      task.run();
      return result;
    });
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> future : futures) {
        awaitDone(future, Long.MAX_VALUE);
      }
    } catch (InterruptedException e) {
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = deadline(unit.toNanos(timeout));
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> future : futures) {
        if (!awaitDone(future, deadline)) {
          cancelAll(futures); // the contract: what is not done by the deadline is cancelled
          break;
        }
      }
    } catch (InterruptedException e) {
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("an unbounded wait timed out", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Objects.requireNonNull(unit, "unit"); // a null is the first thing wrong, as in every other call
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    long nanos = unit.toNanos(timeout);
    long deadline = deadline(nanos);
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    List<Future<T>> futures = new ArrayList<>();
    try {
      for (Callable<T> task : tasks) {
        CompletableFuture<T> future = submit(task);
        futures.add(future);
        future.whenComplete((result, failure) -> done.add(future));
      }
      ExecutionException last = null;
      for (int finished = 0; finished < futures.size(); finished++) {
        CompletableFuture<T> future = deadline == Long.MAX_VALUE
            ? done.take()
            : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (future == null) {
          throw new TimeoutException("No task of invokeAny succeeded within " + Duration.ofNanos(nanos));
        }
        try {
          return future.get();
        } catch (ExecutionException e) {
          last = e;
        } catch (CancellationException e) {
          last = new ExecutionException(e);
        }
      }
      throw last;
    } finally {
      cancelAll(futures); // the others are no longer wanted, also after a failure to submit
    }
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    pool.terminate();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.ending().awaitTermination(unit.toNanos(timeout));
  }

  @Override
  public String toString() {
    return "ExecutorService view of " + pool;
  }

  private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        futures.add(submit(task));
      }
    } catch (RuntimeException e) { // a task that cannot be sent, or a pool that shut down meanwhile
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  /** The time {@code nanos} from now, or {@code Long.MAX_VALUE} for a wait too long to tell from forever. */
  private static long deadline(long nanos) {
    return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos;
  }

  /** Waits until {@code future} is done or {@code deadline} passes; false if it passed. */
  private static boolean awaitDone(Future<?> future, long deadline) throws InterruptedException {
    try {
      if (deadline == Long.MAX_VALUE) {
        future.get();
      } else {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | CancellationException e) {
      // done, with a failure: the caller sees it through the future
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  private static void cancelAll(List<? extends Future<?>> futures) {
    for (Future<?> future : futures) {
      future.cancel(true);
    }
  }

  /** The pool's kind of task; the callable crosses to a worker JVM inside it, and must be serializable there. */
  private static <T> Task<T> asTask(Callable<T> callable) {
    Objects.requireNonNull(callable, "task");
    return callable::call;
  }
}
