package org.multipool.cluster;

import com.hazelcast.collection.IQueue;
import java.io.ObjectStreamException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multipool.spi.AbstractSharedQueue;

/**
 * A shared queue on a cluster: a Hazelcast {@link IQueue} whose capacity is the queue's. A call
 * that waits long waits in slices, so that the end of the pool wakes it.
 */
final class ClusterQueue<T> extends AbstractSharedQueue<T> {
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
  protected boolean offer(T item, long nanos) throws InterruptedException {
    if (nanos == 0) {
      return ClusterCalls.run(this, open, what(item), () -> queue.offer(item));
    }
    long deadline = System.nanoTime() + nanos;
    while (true) {
      ClusterCalls.checkInterrupt();
      long slice = slice(nanos, deadline);
      if (ClusterCalls.run(this, open, what(item), () -> queue.offer(item, slice, TimeUnit.NANOSECONDS))) {
        return true;
      }
      if (timeIsUp(nanos, deadline)) {
        return false;
      }
    }
  }

  @Override
  protected T poll(long nanos) throws InterruptedException {
    if (nanos == 0) {
      return ClusterCalls.run(this, open, "an item", queue::poll);
    }
    long deadline = System.nanoTime() + nanos;
    while (true) {
      ClusterCalls.checkInterrupt();
      long slice = slice(nanos, deadline);
      T item = ClusterCalls.run(this, open, "an item", () -> queue.poll(slice, TimeUnit.NANOSECONDS));
      if (item != null || timeIsUp(nanos, deadline)) {
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

  /** The next wait of a call that waits {@code nanos} in all, {@link Long#MAX_VALUE} for ever. */
  private static long slice(long nanos, long deadline) {
    return nanos == FOREVER ? ClusterCalls.SLICE_NANOS
        : Math.max(0, Math.min(ClusterCalls.SLICE_NANOS, deadline - System.nanoTime()));
  }

  private static boolean timeIsUp(long nanos, long deadline) {
    return nanos != FOREVER && deadline - System.nanoTime() <= 0;
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
