package org.multipool.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a submitted task or an asynchronous map. Unlike a plain {@link CompletableFuture},
 * cancelling it reaches the work: a queued task never runs, and {@code cancel(true)} stops a
 * running one.
 */
final class TaskFuture<T> extends CompletableFuture<T> implements JobFuture {
  private final Job job;

  TaskFuture(Job job) {
    this.job = job;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      job.cancelled(mayInterruptIfRunning);
    }
    return cancelled;
  }

  @Override
  public void cancelQuietly() {
    super.cancel(false);
  }
}
