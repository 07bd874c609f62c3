package org.multipool.process.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.process.wire.Uninterruptibles;

/**
 * A batch as a worker received it: its items, its function, and which items may still run.
 *
 * <p>Once {@link #skip} returns, no item it covers begins any more: the task thread reads the mark
 * afresh before every item. An item it had begun already is the {@link StopGate}'s business.
 */
final class ReceivedBatch {
  final int seq;
  final int count;
  final Object[] items;
  private final AtomicInteger skipFrom;
  TaskFunction<Object, Object> function;
  SerializationException unreadable;

  ReceivedBatch(int seq, int count, int skipFrom) {
    this.seq = seq;
    this.count = count;
    this.items = new Object[count];
    this.skipFrom = new AtomicInteger(skipFrom);
  }

  /** Not begun and not given back; then exactly one of {@link #begin} and {@link #giveBack} wins. */
  private static final int WAITING = 0;
  private static final int BEGUN = 1;
  private static final int GIVEN_BACK = 2;
  private static final long GIVEN_BACK_WAIT_MILLIS = 10_000;
  private final AtomicInteger state = new AtomicInteger(WAITING);
  /** Open once the pool has been told that this batch was given back. */
  private final CountDownLatch givenBackSent = new CountDownLatch(1);

  /** Task thread: true if the batch may run; false if it was given back, once the pool knows. */
  boolean begin() {
    if (state.compareAndSet(WAITING, BEGUN)) {
      return true;
    }
    // Outcomes of later batches must reach the pool after it heard this one was given back.
    // (Bounded: only a broken connection keeps the answer from going out, and then the worker ends.)
    Uninterruptibles.await(givenBackSent, GIVEN_BACK_WAIT_MILLIS);
    return false;
  }

  /** Command reader: true if the batch had not begun, and now never will. */
  boolean giveBack() {
    return state.compareAndSet(WAITING, GIVEN_BACK);
  }

  /** The answer that gave this batch back is written (or can never be: the pool is gone). */
  void givenBackSent() {
    givenBackSent.countDown();
  }

  /** Whether item {@code index} may begin, or must be skipped. */
  boolean mayBegin(int index) {
    return index < skipFrom.get();
  }

  /** Items from {@code from} on must not begin; never undoes an earlier, lower mark. */
  void skip(int from) {
    skipFrom.accumulateAndGet(from, Math::min);
  }
}
