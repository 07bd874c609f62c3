package org.multipool.spi.remote;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch as the far side received it, for an {@link OrderedBatchRunner}: its number, its size,
 * its items' timeout, and how to run an item. The backend extends it with what its items need
 * (decoded objects, the bytes still to decode).
 *
 * <p>The runner keeps two marks of its own here: the skip point (items at or after it do not
 * begin; it only ever moves down) and whether the batch has begun or was given back (exactly one
 * of the two, once).
 *
 * <pre>{@code
 * final class Received extends RemoteBatch {
 *   Received(long seq, Object[] items, TaskFunction<Object, Object> function) {
 *     super(seq, items.length, items.length, 0);
 *     ...
 *   }
 *   protected Object call(int index) throws Exception {
 *     return function.apply(items[index]);
 *   }
 * }
 * }</pre>
 */
public abstract class RemoteBatch {
  private static final int WAITING = 0;
  private static final int BEGUN = 1;
  private static final int GIVEN_BACK = 2;

  private final long seq;
  private final int size;
  private final long timeoutNanos;
  private final AtomicInteger skipFrom;
  /** {@link #WAITING}, then {@link #BEGUN} or {@link #GIVEN_BACK}. */
  private final AtomicInteger state = new AtomicInteger(WAITING);

  /**
   * Makes a batch that waits for its turn, with its skip point where the sender put it.
   *
   * @param seq the batch's number: a runner runs batches in the order of their numbers, from 0
   * @param size how many items the batch has
   * @param skipFrom the first item that must not begin ({@code size} or more for none)
   * @param timeoutNanos how long each item may run before it is interrupted and reported timed
   *     out; 0 for no limit
   * @throws IllegalArgumentException if a number is negative
   */
  protected RemoteBatch(long seq, int size, int skipFrom, long timeoutNanos) {
    if (seq < 0 || size < 0 || skipFrom < 0 || timeoutNanos < 0) {
      throw new IllegalArgumentException("A batch's numbers cannot be negative, but seq was " + seq
          + ", size " + size + ", skipFrom " + skipFrom + " and timeoutNanos " + timeoutNanos);
    }
    this.seq = seq;
    this.size = size;
    this.skipFrom = new AtomicInteger(skipFrom);
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * The batch's number.
   *
   * @return its number
   */
  public final long seq() {
    return seq;
  }

  /**
   * How many items the batch has.
   *
   * @return its size
   */
  public final int size() {
    return size;
  }

  /**
   * How long each item may run.
   *
   * @return nanoseconds, or 0 for no limit
   */
  public final long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * Runner's thread, when the batch's turn came: whether it may run here. A cluster member claims
   * the batch in a map the caller also claims from; false makes it {@linkplain BatchSink#givenBack
   * given back}. By default true.
   *
   * @return whether it may run here
   */
  protected boolean claim() {
    return true;
  }

  /**
   * Runner's thread, after {@link #claim}, before the first item: readies the items (decodes
   * them, runs an initializer). Returns null to run them, or why they cannot run: then each item
   * that may begin is reported failed with it, without running. By default null.
   *
   * @return null, or why no item can run
   */
  protected Throwable open() {
    return null;
  }

  /**
   * Runner's thread: runs item {@code index} and returns its result. It runs in the item's
   * interrupt window: a cancel or a timeout interrupts this thread here, and only here.
   *
   * @param index the item's position in the batch
   * @return the item's result
   * @throws Exception whatever the item throws, which is its outcome
   */
  protected abstract Object call(int index) throws Exception;

  /** Whether item {@code index} may still begin. */
  final boolean mayBegin(int index) {
    return index < skipFrom.get();
  }

  /** Items from {@code from} on must not begin; never undoes an earlier, lower mark. */
  final void skip(int from) {
    skipFrom.accumulateAndGet(from, Math::min);
  }

  /** Runner's thread: true if the batch begins; false if it was given back. */
  final boolean begin() {
    return state.compareAndSet(WAITING, BEGUN);
  }

  /** True if the batch had not begun, and now never will. */
  final boolean giveBack() {
    return state.compareAndSet(WAITING, GIVEN_BACK);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[seq " + seq + ", " + size + " items]";
  }
}
