package org.multipool.cluster;

import com.hazelcast.collection.IQueue;
import java.io.ObjectStreamException;
import java.util.function.BooleanSupplier;
import org.multipool.spi.AbstractSharedQueue;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared queue on a cluster: a Hazelcast {@link IQueue} whose capacity is the queue's.
 *
 * <p>Every call on the queue is one that Hazelcast answers at once; a call that must wait for an
 * item or for room waits in this JVM, until it hears the queue changed, and tries again (see
 * {@link QueueChanges} for why it never waits at the queue). It waits in slices, so that the end of
 * the pool wakes it, and a change it did not hear of costs it a slice at most.
 */
final class ClusterQueue<T> extends AbstractSharedQueue<T> {
  private static final long serialVersionUID = 1L;

  private final ClusterRef ref;
  private final transient IQueue<T> queue;
  private final transient QueueChanges changes;
  private final transient BooleanSupplier open;

  ClusterQueue(ClusterRef ref, IQueue<T> queue, QueueChanges changes, BooleanSupplier open) {
    this.ref = ref;
    this.queue = queue;
    this.changes = changes;
    this.open = open;
  }

  @Override
  protected boolean offer(T item, long nanos) throws InterruptedException {
    if (nanos == 0) {
      return offerNow(item);
    }
    long deadline = System.nanoTime() + nanos;
    QueueWait wait = new QueueWait(changes, queue);
    while (true) {
      ClusterCalls.checkInterrupt();
      wait.beforeTry();
      if (offerNow(item)) {
        return true;
      }
      if (timeIsUp(nanos, deadline)) {
        return false;
      }
      if (!wait.afterMiss(slice(nanos, deadline))) {
        throw SharedObjectChecks.closed(this); // destroyed: the pool ended while the call waited
      }
    }
  }

  @Override
  protected T poll(long nanos) throws InterruptedException {
    if (nanos == 0) {
      return pollNow();
    }
    long deadline = System.nanoTime() + nanos;
    QueueWait wait = new QueueWait(changes, queue);
    while (true) {
      ClusterCalls.checkInterrupt();
      wait.beforeTry();
      T item = pollNow();
      if (item != null || timeIsUp(nanos, deadline)) {
        return item;
      }
      if (!wait.afterMiss(slice(nanos, deadline))) {
        throw SharedObjectChecks.closed(this); // destroyed: the pool ended while the call waited
      }
    }
  }

  /** Adds the item if there is room now; never waits at the queue. */
  private boolean offerNow(T item) throws InterruptedException {
    return ClusterCalls.run(this, open, what(item), () -> queue.offer(item));
  }

  /** Takes an item if there is one now; never waits at the queue. */
  private T pollNow() throws InterruptedException {
    return ClusterCalls.run(this, open, "an item", queue::poll);
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
