package org.multipool.process;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.process.Protocol.Event;

/**
 * A batch as a worker received it: its items, its function, and which items may still run.
 *
 * <p>Which items may still run and how many have begun share one atomic word, so a skip and the
 * start of an item are ordered: the skip either comes first and the item never begins, or the
 * command reader sees that it has begun and tells the pool whether it is still running.
 */
final class ReceivedBatch {
  final int seq;
  final int count;
  final Object[] items;
  /** The first item that must not run (high half), and how many items have begun (low half). */
  private final AtomicLong state;
  /** How many items have ended; written by the thread that runs them. */
  private final AtomicInteger ended = new AtomicInteger();
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

  /** Item {@code index}, which {@link #begin began}, has ended. */
  void end(int index) {
    ended.lazySet(index + 1); // read only to answer skips: seeing it a moment late is harmless
  }

  /**
   * Items from {@code from} on must not run; never undoes an earlier, lower mark. Answers what
   * became of them: {@link Event#IN_TIME} if none had begun, {@link Event#BEGUN} if one is
   * running, {@link Event#DONE} if those that began have ended.
   */
  byte skip(int from) {
    while (true) {
      long now = state.get();
      int begun = (int) now;
      if (state.compareAndSet(now, pack(Math.min(from, firstSkipped(now)), begun))) {
        if (begun <= from) {
          return Event.IN_TIME;
        }
        return ended.get() < begun ? Event.BEGUN : Event.DONE;
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
