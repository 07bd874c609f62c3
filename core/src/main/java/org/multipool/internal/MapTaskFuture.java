package org.multipool.internal;

import java.util.ArrayList;
import java.util.function.LongSupplier;
import org.multipool.MapFuture;

/** The future of an asynchronous map: a {@link MapFuture} whose cancellation reaches the work. */
final class MapTaskFuture<R> extends MapFuture<R> implements JobFuture {
  private final Job job; // null for an empty map, which is done at once

  MapTaskFuture(Job job, long total, LongSupplier completed) {
    super(total, completed);
    this.job = job;
  }

  /** The done future of a map of no items. */
  static <R> MapTaskFuture<R> ofNoItems() {
    MapTaskFuture<R> future = new MapTaskFuture<>(null, 0, () -> 0);
    future.complete(new ArrayList<>());
    return future;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && job != null) {
      job.cancelled(mayInterruptIfRunning);
    }
    return cancelled;
  }

  @Override
  public void cancelQuietly() {
    super.cancel(false);
  }
}
