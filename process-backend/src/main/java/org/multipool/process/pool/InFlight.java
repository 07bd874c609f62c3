package org.multipool.process.pool;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multipool.spi.Batch;

/**
 * The batches a worker JVM holds, in sending order, and the one lock the threads that serve it
 * share: the {@link BatchSender} adds them, the {@link OutcomeReader} takes them off the head as
 * their outcomes arrive, and any thread may skip their items.
 *
 * <p>The worker runs its batches in order, so the first one is the one that runs: the "head".
 * Up to {@value #BATCHES_IN_FLIGHT} are in flight so the worker never waits for the next; up to
 * {@value #QUICK_BATCHES_IN_FLIGHT} while batches run quicker than a round trip, because then two
 * left the worker idle most of the time.
 */
final class InFlight {
  static final int BATCHES_IN_FLIGHT = 2;
  static final int QUICK_BATCHES_IN_FLIGHT = 16;
  /** A batch that ran for less than this is quick; one running longer ends the quick spell at once. */
  private static final long QUICK_BATCH_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long SKIP_ANSWER_MILLIS = 1_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<SentBatch> batches = new ArrayDeque<>(); // guarded by lock
  /** Skips for batches taken but not yet added; weak, as a finished batch may be skipped late. */
  private final Map<Batch, Integer> earlySkips = new WeakHashMap<>(); // guarded by lock
  /** The worker ended: nothing more arrives, nothing more is sent. */
  private boolean closed; // guarded by lock
  /** The worker is being stopped: it takes no more batches. */
  private boolean stopped; // guarded by lock
  /** The worker left a skip unanswered for too long, and has not answered one since. */
  private boolean answersLate; // guarded by lock
  /** How long the last batch to finish ran, from its first start to its last outcome. */
  private volatile long lastBatchNanos = Long.MAX_VALUE;

  /** A skip frame to send. */
  record SkipToSend(int seq, int from, boolean stopIfRunning) {}

  /** What a skip found: the batch it concerns, and the frame to send for it now, if any. */
  record Skipped(SentBatch held, SkipToSend send) {}

  // ---- the sender ----

  /** Waits until fewer than the most batches are in flight; false if the worker ended or is stopping. */
  boolean awaitRoom() {
    lock.lock();
    try {
      while (!closed && !stopped && batches.size() >= room()) {
        changed.awaitUninterruptibly();
      }
      return !closed && !stopped;
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. More batches only while they are quick, so a long task never waits behind many. */
  private int room() {
    SentBatch running = batches.peekFirst();
    boolean quick = lastBatchNanos < QUICK_BATCH_NANOS
        && (running == null || running.startedAt == 0 || System.nanoTime() - running.startedAt < QUICK_BATCH_NANOS);
    return quick ? QUICK_BATCHES_IN_FLIGHT : BATCHES_IN_FLIGHT;
  }

  /**
   * Adds a batch about to be sent, with any skip that came for it while it was taken; true if it
   * is the head, which the worker begins as soon as it arrives.
   */
  boolean add(SentBatch sending) {
    lock.lock();
    try {
      Integer early = earlySkips.remove(sending.batch);
      sending.skipFrom = early == null ? sending.batch.size() : early;
      batches.addLast(sending);
      return batches.size() == 1;
    } finally {
      lock.unlock();
    }
  }

  /** Where the batch's frame must say its skipped items begin. */
  int skipFrom(SentBatch sending) {
    lock.lock();
    try {
      return sending.skipFrom;
    } finally {
      lock.unlock();
    }
  }

  /** The batch's frame went out, carrying {@code skipFromSent}; returns a skip that came meanwhile, or null. */
  SkipToSend sent(SentBatch sending, int skipFromSent) {
    lock.lock();
    try {
      sending.sent = true;
      sending.answeredFrom = skipFromSent; // the worker reads it with the batch
      changed.signalAll();
      return sending.skipFrom < skipFromSent
          ? new SkipToSend(sending.seq, sending.skipFrom, sending.stopIfRunning)
          : null;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every batch sent has its outcomes; false if the worker ended. */
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

  // ---- skips ----

  /**
   * Marks items of {@code batch} from {@code from} on as not to run; null if the worker does not
   * hold the batch (yet: then its frame will carry the skip).
   */
  Skipped skip(Batch batch, int from, boolean stopIfRunning) {
    lock.lock();
    try {
      SentBatch held = find(batch);
      if (held == null) {
        if (!closed) {
          earlySkips.merge(batch, from, Math::min);
        }
        return null;
      }
      boolean news = from < held.skipFrom || (stopIfRunning && !held.stopIfRunning);
      held.skipFrom = Math.min(from, held.skipFrom);
      held.stopIfRunning |= stopIfRunning;
      // While the frame is being written, the sender sends the skip after it.
      SkipToSend send = news && held.sent ? new SkipToSend(held.seq, held.skipFrom, held.stopIfRunning) : null;
      return new Skipped(held, send);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the worker has answered a skip from {@code from} on, the batch has all its
   * outcomes, or the worker has ended: at most {@value #SKIP_ANSWER_MILLIS} ms. A worker that leaves
   * a skip unanswered that long is not waited for again until it answers one: its outcomes may be
   * stuck behind a slow callback. Keeps the interrupt status.
   *
   * @return false if this wait found the worker late, the first time since its last answer
   */
  boolean awaitAnswer(SentBatch held, int from) {
    boolean late = false;
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SKIP_ANSWER_MILLIS);
    lock.lock();
    try {
      while (!closed && !held.done && held.answeredFrom > from && !answersLate) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          answersLate = true;
          late = true;
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

  // ---- the reader ----

  /** The batch the worker runs, or null. */
  SentBatch head() {
    lock.lock();
    try {
      return batches.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  /** The worker answered a skip of batch {@code seq} from {@code from} on. */
  void answered(int seq, int from) {
    lock.lock();
    try {
      answersLate = false;
      for (SentBatch held : batches) {
        if (held.seq == seq) {
          held.answeredFrom = Math.min(from, held.answeredFrom);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The head batch has all its outcomes: takes it off; returns the batch now at the head, or null. */
  SentBatch finishHead() {
    SentBatch head;
    lock.lock();
    try {
      head = batches.removeFirst();
      head.done = true;
      changed.signalAll();
      lastBatchNanos = System.nanoTime() - head.startedAt;
      return batches.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  // ---- the end ----

  /** The worker is being stopped: the sender takes no more batches. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean stopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the worker has ended. */
  boolean closed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The worker has ended: wakes every thread that waits for it. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every batch: each has its outcome or is queued again. */
  void clear() {
    lock.lock();
    try {
      batches.clear();
      earlySkips.clear();
    } finally {
      lock.unlock();
    }
  }

  private SentBatch find(Batch batch) {
    for (SentBatch held : batches) {
      if (held.batch == batch) {
        return held;
      }
    }
    return null;
  }
}
