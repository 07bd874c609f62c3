package org.multipool.spi;

import org.multipool.SharedQueue;

/**
 * A queue in this JVM's memory whose free places can be set aside for producers elsewhere, so that
 * they put without waiting for an answer: what the {@linkplain SharedObjects#inMemory in-memory}
 * queues are. A backend whose workers reach the queue over a connection reserves places for a
 * worker, which then sends that many items without a round trip each; the queue never holds more
 * than its capacity, counting the places set aside.
 *
 * <pre>{@code
 * int granted = queue.reserve(16);      // when answering a worker's put
 * queue.putReserved(item);              // for each item the worker sends on that credit
 * queue.release(unused);                // what the worker gave back, or held when it died
 * }</pre>
 *
 * @param <T> the type of the items
 * @since 0.1.0
 */
public interface ReservableQueue<T> extends SharedQueue<T> {

  /**
   * Sets aside up to {@code places} of the places free now; never waits.
   *
   * @param places how many are wanted
   * @return how many were set aside: none if the queue is full or closed
   */
  int reserve(int places);

  /**
   * Adds an item in a place set aside earlier; never waits. An item for a queue that was closed
   * meanwhile is dropped, as the queue's items are.
   *
   * @param item the item
   * @throws IllegalStateException if no place is set aside
   */
  void putReserved(T item);

  /**
   * Gives back places set aside and not used.
   *
   * @param places how many
   */
  void release(int places);
}
