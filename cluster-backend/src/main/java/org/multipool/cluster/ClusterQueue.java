package org.multipool.cluster;

import com.hazelcast.collection.IQueue;
import java.io.ObjectStreamException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multipool.SharedQueue;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared queue on a cluster: a Hazelcast {@link IQueue} whose capacity is the queue's. A call
 * that waits long waits in slices, so that the end of the pool wakes it.
 */
final class ClusterQueue<T> implements SharedQueue<T> {
  private static final long serialVersionUID = 1L;

  private final ClusterRef ref;
  private final transient IQueue<T> queue;
  private final transient BooleanSupplier open;

  ClusterQueue(ClusterRef ref, IQueue<T> queue, BooleanSupplier open) {
    this.ref = ref;
    this.queue = queue;
    this.open = open;
  }

  @Override
  public void put(T item) throws InterruptedException {
    offer(item, Long.MAX_VALUE);
  }

  @Override
  public boolean offer(T item) {
    SharedObjectChecks.item(item);
    return ClusterCalls.runNow(this, open, what(item), () -> queue.offer(item));
  }

  @Override
  public boolean offer(T item, Duration timeout) throws InterruptedException {
    SharedObjectChecks.item(item);
    return offer(item, SharedObjectChecks.nanos(timeout));
  }

  private boolean offer(T item, long nanos) throws InterruptedException {
    SharedObjectChecks.item(item);
    long deadline = System.nanoTime() + nanos;
    while (true) {
      ClusterCalls.checkInterrupt();
      long slice = nanos == Long.MAX_VALUE ? ClusterCalls.SLICE_NANOS
          : Math.max(0, Math.min(ClusterCalls.SLICE_NANOS, deadline - System.nanoTime()));
      if (ClusterCalls.run(this, open, what(item), () -> queue.offer(item, slice, TimeUnit.NANOSECONDS))) {
        return true;
      }
      if (nanos != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
        return false;
      }
    }
  }

  @Override
  public T take() throws InterruptedException {
    return poll(Long.MAX_VALUE);
  }

  @Override
  public T poll() {
    return ClusterCalls.runNow(this, open, "an item", queue::poll);
  }

  @Override
  public T poll(Duration timeout) throws InterruptedException {
    return poll(SharedObjectChecks.nanos(timeout));
  }

  private T poll(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (true) {
      ClusterCalls.checkInterrupt();
      long slice = nanos == Long.MAX_VALUE ? ClusterCalls.SLICE_NANOS
          : Math.max(0, Math.min(ClusterCalls.SLICE_NANOS, deadline - System.nanoTime()));
      T item = ClusterCalls.run(this, open, "an item", () -> queue.poll(slice, TimeUnit.NANOSECONDS));
      if (item != null || (nanos != Long.MAX_VALUE && deadline - System.nanoTime() <= 0)) {
        return item;
      }
    }
  }

  @Override
  public int size() {
    return ClusterCalls.runNow(this, open, "nothing", queue::size);
  }

  @Override
  public int capacity() {
    return ref.capacity();
  }

  private static String what(Object item) {
    return "an item of class " + item.getClass().getName();
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }
}
