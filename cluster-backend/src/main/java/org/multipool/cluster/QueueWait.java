package org.multipool.cluster;

import com.hazelcast.collection.IQueue;

/**
 * One call's wait for a cluster queue to change between its tries, which never wait at the queue
 * (see {@link QueueChanges} for why). The first time the call finds the queue empty or full, it
 * starts to listen and has the call try again at once, as the queue may have changed before it
 * listened; from then on it waits for a change after the count it read before the last try.
 *
 * <pre>{@code
 * QueueWait wait = new QueueWait(changes, queue);
 * while (true) {
 *   wait.beforeTry();
 *   T item = queue.poll();            // at once
 *   if (item != null) return item;
 *   if (!wait.afterMiss(slice)) throw closed();
 * }
 * }</pre>
 */
final class QueueWait {
  private final QueueChanges changes;
  private final IQueue<?> queue;
  private QueueChange change;
  private long seen;

  QueueWait(QueueChanges changes, IQueue<?> queue) {
    this.changes = changes;
    this.queue = queue;
  }

  /** Notes how often the queue has changed so far. */
  void beforeTry() {
    seen = change == null ? 0 : change.count();
  }

  /**
   * After a try that found no item or no room: waits until the queue changed since
   * {@link #beforeTry}, at most {@code nanos}; returns at once if it has only now started to
   * listen.
   *
   * @return false if the queue was destroyed, which only its pool's end does: the call must fail
   *     rather than try again, since a try would make Hazelcast create the queue anew, empty
   * @throws InterruptedException if interrupted while waiting
   */
  boolean afterMiss(long nanos) throws InterruptedException {
    if (change == null) {
      change = changes.of(queue);
      return true;
    }
    change.awaitPast(seen, nanos);
    return !change.retired();
  }
}
