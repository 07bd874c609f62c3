package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.ObjectStreamException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multipool.spi.AbstractSharedQueue;
import org.multipool.spi.ReservableQueue;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared queue in this JVM's memory: a bounded array deque under one lock, like
 * {@link java.util.concurrent.ArrayBlockingQueue}, that {@link #close()} ends, waking every call
 * that waits. Places {@linkplain #reserve reserved} for producers elsewhere count as taken.
 */
final class LocalQueue<T> extends AbstractSharedQueue<T> implements ReservableQueue<T> {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final String description;
  private final int capacity;
  private final transient ReentrantLock lock = new ReentrantLock();
  private final transient Condition notEmpty = lock.newCondition();
  private final transient Condition notFull = lock.newCondition();
  private final transient ArrayDeque<T> items;
  @GuardedBy("lock")
  private transient boolean closed;
  @GuardedBy("lock")
  private transient int reserved;

  LocalQueue(String id, String description, int capacity) {
    this.id = id;
    this.description = description;
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  @Override
  protected boolean offer(T item, long nanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (openAndFull()) {
        if (nanos <= 0) {
          return false;
        }
        if (nanos == FOREVER) {
          notFull.await();
        } else {
          nanos = notFull.awaitNanos(nanos);
        }
      }
      giveUpIfInterrupted(notFull);
      enqueue(item);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected T poll(long nanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (openAndEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        if (nanos == FOREVER) {
          notEmpty.await();
        } else {
          nanos = notEmpty.awaitNanos(nanos);
        }
      }
      giveUpIfInterrupted(notEmpty);
      return dequeue();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      checkOpen();
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int reserve(int places) {
    lock.lock();
    try {
      int granted = closed ? 0 : Math.max(0, Math.min(places, capacity - items.size() - reserved));
      reserved += granted;
      return granted;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void putReserved(T item) {
    SharedObjectChecks.item(item);
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (reserved <= 0) {
        throw new IllegalStateException("No place of " + description + " is set aside for this item");
      }
      reserved--;
      enqueue(item);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(int places) {
    lock.lock();
    try {
      reserved -= Math.min(places, reserved);
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the queue: every call from now on throws, and every waiting call wakes up to throw. */
  void close() {
    lock.lock();
    try {
      closed = true;
      items.clear();
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  // ---- under the lock ----

  @GuardedBy("lock")
  private boolean openAndFull() {
    checkOpen();
    return items.size() + reserved >= capacity;
  }

  @GuardedBy("lock")
  private boolean openAndEmpty() {
    checkOpen();
    return items.isEmpty();
  }

  @GuardedBy("lock")
  private void checkOpen() {
    if (closed) {
      throw SharedObjectChecks.closed(this);
    }
  }

  /**
   * Throws if the calling thread was interrupted, even where a wait woke for room or an item:
   * {@link Condition#await} returns normally when a signal came first, and a call its caller
   * stopped (a timed-out task's {@code put}, say) must not land after the stop. The wake-up goes to
   * the next waiter instead.
   */
  @GuardedBy("lock")
  private void giveUpIfInterrupted(Condition wakeUp) throws InterruptedException {
    if (Thread.interrupted()) {
      wakeUp.signal();
      throw new InterruptedException();
    }
  }

  @GuardedBy("lock")
  private void enqueue(T item) {
    items.addLast(item);
    notEmpty.signal();
  }

  @GuardedBy("lock")
  private T dequeue() {
    T item = items.removeFirst();
    notFull.signal();
    return item;
  }

  /** Within this JVM the handle comes back as this very queue; see {@link LocalSharedObjects}. */
  private Object writeReplace() throws ObjectStreamException {
    return new LocalSharedObjects.Ref(id, description);
  }
}
