package org.multipool.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How often one cluster queue has changed, as far as this JVM has heard: an item added or taken
 * anywhere in the cluster. A call that found the queue empty or full reads the count before it
 * tries, and waits here until the count has moved on, so that a change between its try and its
 * wait is not missed. See {@link QueueChanges} for why calls wait here.
 */
final class QueueChange implements ItemListener<Object> {
  /** The service of the queue, to tell its end from that of a map of the same name. */
  private final String serviceName;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long count; // guarded by lock
  /** The queue was destroyed: its listener is gone, and nothing is heard here any more. */
  private boolean retired; // guarded by lock

  /**
   * Completes once the listener is registered, so a call returns from {@link #listenTo} only once
   * it is; null until a call registers it, and again after a registration failed. The call that
   * sets it registers, outside any lock: Hazelcast's call waits for the members.
   */
  private final AtomicReference<CompletableFuture<Registered>> registration = new AtomicReference<>();

  /** The listener's registration, to remove it. */
  private record Registered(IQueue<?> queue, UUID id) {}

  QueueChange(String serviceName) {
    this.serviceName = serviceName;
  }

  String serviceName() {
    return serviceName;
  }

  /**
   * Registers the listener that feeds the count, once; every caller returns once it is
   * registered, so that each change from then on is heard.
   *
   * @throws InterruptedException if interrupted while the members register it; the next call
   *     registers it again (the queue's end removes both, should both have been registered)
   */
  void listenTo(IQueue<?> listened) throws InterruptedException {
    while (true) {
      CompletableFuture<Registered> mine = new CompletableFuture<>();
      CompletableFuture<Registered> current = registration.compareAndExchange(null, mine);
      if (current == null) {
        register(listened, mine);
        return;
      }
      try {
        current.get();
        return;
      } catch (ExecutionException e) {
        // the call that registered failed (it was interrupted, say): this one tries
      }
    }
  }

  private void register(IQueue<?> listened, CompletableFuture<Registered> mine) throws InterruptedException {
    @SuppressWarnings("unchecked") // it reads no item: the events carry none (includeValue false)
    IQueue<Object> items = (IQueue<Object>) listened;
    UUID id;
    try {
      id = items.addItemListener(this, false);
    } catch (RuntimeException e) {
      registration.set(null); // before the waiters hear of it, so one of them registers next
      mine.completeExceptionally(e);
      ClusterCalls.throwIfInterrupted(e);
      throw e;
    }
    mine.complete(new Registered(listened, id));
  }

  /** How often the queue has changed so far. */
  long count() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the queue has changed since the count was {@code seen}, or until this was
   * retired, at most {@code nanos}.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void awaitPast(long seen, long nanos) throws InterruptedException {
    long left = nanos;
    lock.lock();
    try {
      while (count == seen && !retired && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  boolean retired() {
    lock.lock();
    try {
      return retired;
    } finally {
      lock.unlock();
    }
  }

  /** The queue was destroyed: wakes every call that waits here, to find out what became of it. */
  void retire() {
    lock.lock();
    try {
      retired = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Retires this and removes its listener, for the pool that destroys the queue next. */
  void stopListening() {
    retire();
    CompletableFuture<Registered> registering = registration.get();
    if (registering == null) {
      return;
    }
    try {
      Registered registered = Uninterruptibly.get(registering); // one under way ends first
      registered.queue().removeItemListener(registered.id());
    } catch (ExecutionException | RuntimeException e) {
      // it failed to register, or the instance is down, and its listeners with it
    }
  }

  @Override
  public void itemAdded(ItemEvent<Object> item) {
    bump();
  }

  @Override
  public void itemRemoved(ItemEvent<Object> item) {
    bump();
  }

  private void bump() {
    lock.lock();
    try {
      count++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "QueueChange[" + count() + (retired() ? ", retired]" : "]");
  }
}
