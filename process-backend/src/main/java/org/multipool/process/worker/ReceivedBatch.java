package org.multipool.process.worker;

import java.util.concurrent.CountDownLatch;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.process.wire.Uninterruptibles;
import org.multipool.spi.remote.RemoteBatch;

/**
 * A batch as a worker received it: its items and its function, for the worker's
 * {@link org.multipool.spi.remote.OrderedBatchRunner}, which keeps its skip point and whether it
 * began or was given back.
 */
final class ReceivedBatch extends RemoteBatch {
  private static final long GIVEN_BACK_WAIT_MILLIS = 10_000;

  /** The batch's number on the wire, which wraps around; {@link #seq()} does not. */
  final int wireSeq;
  final int count;
  final Object[] items;
  /** When the batch arrived, before it was decoded. */
  final long arrivedNanos = System.nanoTime();
  TaskFunction<Object, Object> function;
  /** Why no item can run (the function cannot be read), or null. */
  SerializationException unreadable;
  /** The first item that could not be read, or {@link #count}; it and those after it fail. */
  private int unreadableFrom;
  private SerializationException unreadableItem;
  /** Open once the pool has been told that this batch was given back. */
  private final CountDownLatch givenBackSent = new CountDownLatch(1);

  ReceivedBatch(long seq, int wireSeq, int count, int skipFrom) {
    super(seq, count, Math.max(skipFrom, 0), 0); // the pool times items out itself: it kills the worker
    this.wireSeq = wireSeq;
    this.count = count;
    this.items = new Object[count];
    this.unreadableFrom = count;
  }

  /** Decoder's thread, before the batch runs: items from {@code index} on cannot be read. */
  void unreadableFrom(int index, SerializationException why) {
    unreadableFrom = index;
    unreadableItem = why;
  }

  @Override
  protected Throwable open() {
    return unreadable; // every item that may begin fails with it
  }

  @Override
  protected Object call(int index) throws Exception {
    if (index >= unreadableFrom) {
      throw unreadableItem; // the item's own outcome: it fails at its index, and the worker goes on
    }
    try {
      return function.apply(items[index]);
    } finally {
      items[index] = null;
    }
  }

  /** The answer that gave this batch back is written (or can never be: the pool is gone). */
  void givenBackSent() {
    givenBackSent.countDown();
  }

  /**
   * Task thread, in the batch's turn: outcomes of later batches must reach the pool after it
   * heard this one was given back. (Bounded: only a broken connection keeps the answer from going
   * out, and then the worker ends.)
   */
  void awaitGivenBackSent() {
    Uninterruptibles.await(givenBackSent, GIVEN_BACK_WAIT_MILLIS);
  }
}
