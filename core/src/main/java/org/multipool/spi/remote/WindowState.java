package org.multipool.spi.remote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.multipool.spi.Batch;

/**
 * What a {@link SendAheadWindow} knows, under its one lock: every decision is made here, and
 * returned for the window to act on once the lock is released. Calls nothing outside itself.
 *
 * <p>A batch's flags only ever go from false to true: {@code sent}, {@code begun},
 * {@code takeBackAsked} then {@code takeBackSent} then {@code givingBack}, {@code done}; and the
 * window's: {@code stopped},
 * then {@code closed}. A take-back request goes out at most once, and never for a batch begun.
 */
final class WindowState<T> {
  private final Room room;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<InFlightBatch<T>> batches = new ArrayDeque<>(); // guarded by lock
  /** Skips for batches taken but not yet added; weak, as a finished batch may be skipped late. */
  private final Map<Batch, Integer> earlySkips = new WeakHashMap<>(); // guarded by lock
  /** Batches asked back while taken but not yet added; weak for the same reason. */
  private final Map<Batch, Boolean> earlyTakeBacks = new WeakHashMap<>(); // guarded by lock
  private int nextSeq; // guarded by lock
  /** The worker takes no more batches. */
  private boolean stopped; // guarded by lock
  /** The worker ended: nothing more arrives, nothing more is sent. */
  private boolean closed; // guarded by lock
  private boolean senderDone; // guarded by lock
  /** The worker left a skip unanswered for too long, and has not answered one since. */
  private boolean answersLate; // guarded by lock
  /** How long the last batch to finish was the head. */
  private long lastBatchNanos = Long.MAX_VALUE; // guarded by lock

  WindowState(Room room) {
    this.room = room;
  }

  // ---- the sender ----

  /** Waits until there is room for one more batch; false if the worker is stopped or ended. */
  boolean awaitRoom() {
    lock.lock();
    try {
      while (!closed && !stopped && batches.size() >= roomNow()) {
        changed.awaitUninterruptibly();
      }
      return !closed && !stopped;
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. */
  private int roomNow() {
    InFlightBatch<T> head = batches.peekFirst();
    return room.batches(head == null ? 0 : head.headSince, lastBatchNanos, System.nanoTime());
  }

  /** What {@link #add} decided for a batch the sender took. */
  record Added<T>(InFlightBatch<T> sending, boolean head, boolean askedBack) {}

  /** Numbers and adds a batch about to be sent; null if the worker is stopped or ended. */
  Added<T> add(Batch batch, T local) {
    lock.lock();
    try {
      if (closed || stopped) {
        return null;
      }
      if (earlyTakeBacks.remove(batch) != null) {
        earlySkips.remove(batch);
        return new Added<>(null, false, true);
      }
      InFlightBatch<T> sending = new InFlightBatch<>(batch, nextSeq++, local);
      Integer early = earlySkips.remove(batch);
      sending.skipFrom = early == null ? batch.size() : Math.min(early, batch.size());
      batches.addLast(sending);
      changed.signalAll();
      return new Added<>(sending, becameHead(sending), false);
    } finally {
      lock.unlock();
    }
  }

  /** Where the batch's message must say its skipped items begin. */
  int skipFrom(InFlightBatch<T> sending) {
    return read(() -> sending.skipFrom);
  }

  /** What must follow a batch that went out: a skip that came meanwhile, a take-back asked meanwhile. */
  record AfterSending(int skipFrom, boolean stopIfRunning, boolean skip, boolean takeBack) {}

  /** The batch went out carrying {@code skipFromSent}. */
  AfterSending sent(InFlightBatch<T> sending, int skipFromSent) {
    lock.lock();
    try {
      sending.sent = true;
      sending.answeredFrom = skipFromSent; // the far side reads it with the batch
      boolean takeBack = sending.takeBackAsked && !sending.takeBackSent && !sending.begun && !closed;
      sending.takeBackSent |= takeBack;
      changed.signalAll();
      return new AfterSending(sending.skipFrom, sending.stopIfRunning,
          sending.skipFrom < skipFromSent && !closed, takeBack);
    } finally {
      lock.unlock();
    }
  }

  void senderDone() {
    update(() -> senderDone = true);
  }

  boolean awaitAllOutcomes() {
    lock.lock();
    try {
      while (!closed && !batches.isEmpty()) {
        changed.awaitUninterruptibly();
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  // ---- what the pool asks ----

  /** What {@link #skip} decided: the batch, and the skip to send now if {@code send}. */
  record Skipped<T>(InFlightBatch<T> held, boolean send, int from, boolean stopIfRunning) {}

  /** Null if the batch is not added yet: then its own message carries the skip. */
  Skipped<T> skip(Batch batch, int from, boolean stop) {
    lock.lock();
    try {
      InFlightBatch<T> held = find(batch);
      if (held == null) {
        if (!closed) {
          earlySkips.merge(batch, from, Math::min);
        }
        return null;
      }
      boolean news = from < held.skipFrom || (stop && !held.stopIfRunning);
      held.skipFrom = Math.min(from, held.skipFrom);
      held.stopIfRunning |= stop;
      // While it is being sent, the sender sends the skip after it.
      return new Skipped<>(held, news && held.sent && !closed, held.skipFrom, held.stopIfRunning);
    } finally {
      lock.unlock();
    }
  }

  /** False if this wait found the worker late, the first time since its last answer. */
  boolean awaitAnswer(InFlightBatch<T> held, int from, long millis) {
    boolean late = false;
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (!closed && !held.done && held.answeredFrom > from && !answersLate) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          answersLate = late = true;
          break;
        }
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return !late;
  }

  /** The batch to send a take-back for now, or null: none is due, or the sender sends it. */
  InFlightBatch<T> takeBack(Batch batch) {
    lock.lock();
    try {
      InFlightBatch<T> held = find(batch);
      if (held == null) {
        if (!closed) {
          earlyTakeBacks.put(batch, Boolean.TRUE);
        }
        return null;
      }
      if (held.takeBackAsked || held.begun || closed) {
        return null;
      }
      held.takeBackAsked = true;
      if (!held.sent) {
        return null; // the sender asks once it is out
      }
      held.takeBackSent = true;
      return held;
    } finally {
      lock.unlock();
    }
  }

  // ---- what comes back ----

  InFlightBatch<T> head() {
    return read(batches::peekFirst);
  }

  InFlightBatch<T> awaitHead() throws InterruptedException {
    lock.lock();
    try {
      while (batches.isEmpty() && !senderDone && !closed) {
        changed.await();
      }
      return closed ? null : batches.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  void began(InFlightBatch<T> held) {
    update(() -> held.begun = true);
  }

  /**
   * The batch in flight as {@code seq} if the far side may give it back (asked, not begun, not
   * given back yet), now marked as being given back; null otherwise. Only one caller gets it.
   */
  InFlightBatch<T> claimGiveBack(int seq) {
    lock.lock();
    try {
      for (InFlightBatch<T> held : batches) {
        if (held.seq() == seq && held.takeBackSent && !held.begun && !held.givingBack) {
          held.givingBack = true;
          return held;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** What {@link #remove} decided: whether the batch was taken off, and the head that begins now. */
  record Removed<T>(boolean removed, InFlightBatch<T> newHead) {}

  /** Takes a batch off, finished or given back; a batch being given back only by its give-back. */
  Removed<T> remove(InFlightBatch<T> held, boolean givenBack) {
    lock.lock();
    try {
      boolean wasHead = batches.peekFirst() == held;
      // A batch being given back keeps its room until the pool has queued it again: see givenBack.
      if (givenBack != held.givingBack || !batches.remove(held)) {
        return new Removed<>(false, null);
      }
      held.done = true;
      changed.signalAll();
      if (!wasHead) {
        return new Removed<>(true, null);
      }
      if (!givenBack) {
        lastBatchNanos = System.nanoTime() - held.headSince;
      }
      InFlightBatch<T> next = batches.peekFirst();
      return new Removed<>(true, next != null && becameHead(next) ? next : null);
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. Marks the head's start; false if it is not the head. */
  private boolean becameHead(InFlightBatch<T> held) {
    if (batches.peekFirst() != held) {
      return false;
    }
    held.headSince = System.nanoTime();
    return true;
  }

  void answered(int seq, int from) {
    lock.lock();
    try {
      answersLate = false;
      for (InFlightBatch<T> held : batches) {
        if (held.seq() == seq) {
          held.answeredFrom = Math.min(from, held.answeredFrom);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- the end ----

  void stop() {
    update(() -> stopped = true);
  }

  boolean stopped() {
    return read(() -> stopped || closed);
  }

  boolean closed() {
    return read(() -> closed);
  }

  /** False if it was closed already. */
  boolean close() {
    return read(() -> {
      boolean first = !closed;
      closed = stopped = true;
      changed.signalAll();
      return first;
    });
  }

  /** Closes, and returns the batches held that the window did not see begin, in sending order. */
  List<InFlightBatch<T>> closeForLoss() {
    lock.lock();
    try {
      closed = stopped = true;
      changed.signalAll();
      List<InFlightBatch<T>> unbegun = new ArrayList<>();
      for (InFlightBatch<T> held : batches) {
        if (!held.begun) {
          unbegun.add(held);
        }
      }
      return unbegun;
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    update(() -> {
      batches.clear();
      earlySkips.clear();
      earlyTakeBacks.clear();
    });
  }

  /** Runs {@code change} under the lock, and wakes every wait on it. */
  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private <R> R read(Supplier<R> value) {
    lock.lock();
    try {
      return value.get();
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. */
  private InFlightBatch<T> find(Batch batch) {
    for (InFlightBatch<T> held : batches) {
      if (held.batch() == batch) {
        return held;
      }
    }
    return null;
  }
}
