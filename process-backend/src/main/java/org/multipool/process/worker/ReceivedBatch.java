package org.multipool.process.worker;

import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;

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

  /** Whether item {@code index} may begin, or must be skipped. */
  boolean mayBegin(int index) {
    return index < skipFrom.get();
  }

  /** Items from {@code from} on must not begin; never undoes an earlier, lower mark. */
  void skip(int from) {
    skipFrom.accumulateAndGet(from, Math::min);
  }
}
