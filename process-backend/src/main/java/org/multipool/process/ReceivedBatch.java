package org.multipool.process;

import java.util.concurrent.atomic.AtomicLong;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;

/**
 * A batch as a worker received it: its items, its function, and which items may still run.
 *
 * <p>Which items may still run and how many have begun share one atomic word, so a skip and the
 * start of an item are ordered: once {@link #skip} returns, no item it covers begins any more.
 */
final class ReceivedBatch {
  final int seq;
  final int count;
  final Object[] items;
  /** The first item that must not run (high half), and how many items have begun (low half). */
  private final AtomicLong state;
  TaskFunction<Object, Object> function;
  SerializationException unreadable;

  ReceivedBatch(int seq, int count, int skipFrom) {
    this.seq = seq;
    this.count = count;
    this.items = new Object[count];
    this.state = new AtomicLong(pack(skipFrom, 0));
  }

  /** Marks item {@code index} as begun; false if it must be skipped instead. Items begin in order. */
  boolean begin(int index) {
    while (true) {
      long now = state.get();
      if (index >= firstSkipped(now)) {
        return false;
      }
      if (state.compareAndSet(now, pack(firstSkipped(now), index + 1))) {
        return true;
      }
    }
  }

  /** Items from {@code from} on must not begin; never undoes an earlier, lower mark. */
  void skip(int from) {
    while (true) {
      long now = state.get();
      if (state.compareAndSet(now, pack(Math.min(from, firstSkipped(now)), (int) now))) {
        return;
      }
    }
  }

  private static int firstSkipped(long state) {
    return (int) (state >>> 32);
  }

  private static long pack(int skipFrom, int begun) {
    return (long) skipFrom << 32 | begun;
  }
}
