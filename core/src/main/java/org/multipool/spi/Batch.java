package org.multipool.spi;

import org.multipool.TaskFunction;

/**
 * Consecutive items of one {@code submit}, {@code map} or {@code imap} call that go to a worker
 * together, with the function to apply to each.
 *
 * <p>A backend that runs work elsewhere reads the items and the function to send them; a backend
 * that runs work in this JVM hands the batch to {@link LocalWorker#run}.
 *
 * <pre>{@code
 * for (int i = 0; i < batch.size(); i++) {
 *   send(batch.function(), batch.item(i));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Batch {

  /**
   * Returns the function to apply to every item.
   *
   * @return the function
   */
  TaskFunction<Object, Object> function();

  /**
   * Returns the number of items.
   *
   * @return the number of items, at least 1
   */
  int size();

  /**
   * Returns an item.
   *
   * @param index the item's position in this batch, from 0 to {@code size() - 1}
   * @return the item, which may be {@code null}
   */
  Object item(int index);

  /**
   * Returns what {@link WorkerGroup#prepare} returned for this batch, or {@code null}: also when
   * the batch is part of a prepared one, split because a worker could take only some of it.
   *
   * @return the backend's prepared form of this batch, or {@code null}
   */
  Object prepared();
}
