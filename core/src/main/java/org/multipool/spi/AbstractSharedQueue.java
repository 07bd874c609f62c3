package org.multipool.spi;

import java.time.Duration;
import org.multipool.SharedQueue;

/**
 * The six calls of a {@link SharedQueue} that add and remove items, written once over the two that
 * differ between backends: add an item, and remove one, each waiting at most so long. It checks
 * the arguments the same way for every backend, before anything travels.
 *
 * <pre>{@code
 * final class MyQueue<T> extends AbstractSharedQueue<T> {
 *   protected boolean offer(T item, long nanos) throws InterruptedException { ... }
 *   protected T poll(long nanos) throws InterruptedException { ... }
 *   public int size() { ... }
 *   public int capacity() { ... }
 * }
 * }</pre>
 *
 * @param <T> the type of the items
 * @since 0.1.0
 */
public abstract class AbstractSharedQueue<T> implements SharedQueue<T> {
  private static final long serialVersionUID = 1L;

  /** A wait of this many nanoseconds, or more, lasts until it can go on. */
  protected static final long FOREVER = Long.MAX_VALUE;

  /** For subclasses. */
  protected AbstractSharedQueue() {}

  /**
   * Adds {@code item}, which is not null, waiting at most {@code nanos} for room: 0 not at all,
   * {@link #FOREVER} as long as it takes.
   *
   * @param item the item
   * @param nanos how long to wait
   * @return true if it was added
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  protected abstract boolean offer(T item, long nanos) throws InterruptedException;

  /**
   * Removes the item at the head, waiting at most {@code nanos} for one: 0 not at all,
   * {@link #FOREVER} as long as it takes.
   *
   * @param nanos how long to wait
   * @return the item, or null if there was none in time
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  protected abstract T poll(long nanos) throws InterruptedException;

  @Override
  public final void put(T item) throws InterruptedException {
    SharedObjectChecks.item(item);
    offer(item, FOREVER);
  }

  @Override
  public final boolean offer(T item) {
    SharedObjectChecks.item(item);
    return withoutWaiting(() -> offer(item, 0));
  }

  @Override
  public final boolean offer(T item, Duration timeout) throws InterruptedException {
    SharedObjectChecks.item(item);
    return offer(item, SharedObjectChecks.nanos(timeout));
  }

  @Override
  public final T take() throws InterruptedException {
    return poll(FOREVER);
  }

  @Override
  public final T poll() {
    return withoutWaiting(() -> poll(0));
  }

  @Override
  public final T poll(Duration timeout) throws InterruptedException {
    return poll(SharedObjectChecks.nanos(timeout));
  }

  /** A call that does not wait. */
  private interface Immediate<R> {
    R call() throws InterruptedException;
  }

  /**
   * Runs a call that does not wait, which an interrupt does not stop; one an implementation throws
   * anyway keeps the thread interrupted and fails the call.
   */
  private static <R> R withoutWaiting(Immediate<R> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted in a call that does not wait", e);
    }
  }
}
