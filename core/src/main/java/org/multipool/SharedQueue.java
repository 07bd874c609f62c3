package org.multipool;

import java.io.Serializable;
import java.time.Duration;

/**
 * A bounded first-in, first-out queue that the caller and every task of one pool share, on any
 * worker: Python's {@code multiprocessing.Queue}. Made by {@link Pool#newQueue(int)}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.processes(2)) {
 *   SharedQueue<String> lines = pool.newQueue(100);
 *   pool.submit(() -> {
 *     for (String line : Files.readAllLines(path)) {
 *       lines.put(line);                 // waits while the caller is 100 lines behind
 *     }
 *     lines.put(END);
 *     return null;
 *   });
 *   for (String line = lines.take(); !line.equals(END); line = lines.take()) {
 *     System.out.println(line);
 *   }
 * }
 * }</pre>
 *
 * <p>A task uses the queue by capturing it in its lambda. The handle is {@link Serializable}: on
 * a worker JVM it turns into a proxy that speaks to the caller's JVM, where the queue lives, over
 * the worker's own channel; on a cluster the queue is one of Hazelcast's. {@link #put} waits while
 * the queue is full and {@link #take} while it is empty, across JVMs too, so a fast producer in a
 * worker waits for a slow consumer in the caller. Every item put is taken at most once, and the
 * items one thread puts are taken in the order it put them. On worker JVMs a producer task may
 * hold a few places set aside for its next puts while it runs, which spares it a round trip per
 * item; others may then find the queue full a little before {@link #size()} reaches the capacity.
 *
 * <p>Items that must cross to another JVM travel by serialization; one that cannot be serialized
 * fails the call that passed it with {@link SerializationException} and the queue is unchanged.
 * A {@code null} item is a {@link NullPointerException}. A task blocked in {@code put} or
 * {@code take} is cancelled, timed out and terminated like any other running task. The queue lives
 * as long as its pool: once the pool has terminated, or from the moment {@link Pool#terminate()}
 * is called, every call throws {@link IllegalStateException}, and a call blocked then wakes up and
 * throws it. An item a worker JVM had taken when it died is lost with that worker's task.
 *
 * <p>Semantics points 18, 20 and 21 (docs/semantics.md).
 *
 * @param <T> the type of the items
 * @since 0.1.0
 */
public interface SharedQueue<T> extends Serializable {

  /**
   * Adds an item at the tail, waiting while the queue is full.
   *
   * @param item the item
   * @throws InterruptedException if the thread is interrupted while it waits; the item is not added
   * @throws NullPointerException if {@code item} is null
   * @throws SerializationException if the item must cross to another JVM and cannot
   * @throws IllegalStateException if the pool has ended
   */
  void put(T item) throws InterruptedException;

  /**
   * Adds an item at the tail if there is room now.
   *
   * @param item the item
   * @return true if it was added, false if the queue was full
   * @throws NullPointerException if {@code item} is null
   * @throws SerializationException if the item must cross to another JVM and cannot
   * @throws IllegalStateException if the pool has ended
   */
  boolean offer(T item);

  /**
   * Adds an item at the tail, waiting at most {@code timeout} for room.
   *
   * @param item the item
   * @param timeout how long to wait; zero or negative waits not at all
   * @return true if it was added, false if the time ran out first
   * @throws InterruptedException if the thread is interrupted while it waits; the item is not added
   * @throws NullPointerException if {@code item} or {@code timeout} is null
   * @throws SerializationException if the item must cross to another JVM and cannot
   * @throws IllegalStateException if the pool has ended
   */
  boolean offer(T item, Duration timeout) throws InterruptedException;

  /**
   * Removes and returns the item at the head, waiting while the queue is empty.
   *
   * @return the item
   * @throws InterruptedException if the thread is interrupted while it waits
   * @throws SerializationException if the item cannot be read in this JVM
   * @throws IllegalStateException if the pool has ended
   */
  T take() throws InterruptedException;

  /**
   * Removes and returns the item at the head, if there is one now.
   *
   * @return the item, or {@code null} if the queue was empty
   * @throws SerializationException if the item cannot be read in this JVM
   * @throws IllegalStateException if the pool has ended
   */
  T poll();

  /**
   * Removes and returns the item at the head, waiting at most {@code timeout} for one.
   *
   * @param timeout how long to wait; zero or negative waits not at all
   * @return the item, or {@code null} if the time ran out first
   * @throws InterruptedException if the thread is interrupted while it waits
   * @throws NullPointerException if {@code timeout} is null
   * @throws SerializationException if the item cannot be read in this JVM
   * @throws IllegalStateException if the pool has ended
   */
  T poll(Duration timeout) throws InterruptedException;

  /**
   * Returns how many items the queue holds now; by the time the caller reads it, others may have
   * changed it.
   *
   * @return the number of items
   * @throws IllegalStateException if the pool has ended
   */
  int size();

  /**
   * Returns the most items the queue holds, as given to {@link Pool#newQueue(int)}.
   *
   * @return the capacity
   */
  int capacity();
}
