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
  /** Batches asked back while taken but not yet added; weak for the same reason. */
  private final Map<Batch, Boolean> earlyTakeBacks = new WeakHashMap<>(); // guarded by lock
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

  /** Where {@link #add} put a batch. */
  enum Added {
    /** First in line: the worker begins it as soon as it arrives. */
    HEAD,
    /** Behind others. */
    BEHIND,
    /** Nowhere: the pool asked for it back before it was sent, so it is not sent. */
    ASKED_BACK
  }

  /** Adds a batch about to be sent, with any skip that came for it while it was taken. */
  Added add(SentBatch sending) {
    lock.lock();
    try {
      if (earlyTakeBacks.remove(sending.batch) != null) {
        earlySkips.remove(sending.batch);
        return Added.ASKED_BACK;
      }
      Integer early = earlySkips.remove(sending.batch);
      sending.skipFrom = early == null ? sending.batch.size() : early;
      batches.addLast(sending);
      return batches.size() == 1 ? Added.HEAD : Added.BEHIND;
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

  /**
   * The batch's frame went out: returns whether a take-back asked for meanwhile must follow it.
   * Call after {@link #sent}.
   */
  boolean takeBackAfterSending(SentBatch sending) {
    lock.lock();
    try {
      if (sending.takeBackAsked && !sending.takeBackSent) {
        sending.takeBackSent = true;
        return true;
      }
      return false;
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

  // ---- taking back (semantics 27) ----

  /**
   * Marks {@code batch} as asked back; returns the seq to send a take-back for now, or -1: when
   * the batch is not sent yet (its sender asks after sending it, or does not send it at all), was
   * asked for already, or has its outcomes already.
   */
  int takeBack(Batch batch) {
    lock.lock();
    try {
      SentBatch held = find(batch);
      if (held == null) {
        if (!closed) {
          earlyTakeBacks.put(batch, Boolean.TRUE);
        }
        return -1;
      }
      if (held.takeBackAsked) {
        return -1;
      }
      held.takeBackAsked = true;
      if (!held.sent) {
        return -1; // takeBackAfterSending() has the sender ask
      }
      held.takeBackSent = true;
      return held.seq;
    } finally {
      lock.unlock();
    }
  }

  /** A batch the worker gave back, and whether it was at the head. */
  record GivenBack(SentBatch held, boolean wasHead) {}

  /**
   * The worker gave back batch {@code seq}: takes it off. Null if the pool did not ask for it, or
   * the worker had begun it: a worker that says so breaks the protocol.
   */
  GivenBack givenBack(int seq) {
    lock.lock();
    try {
      SentBatch first = batches.peekFirst();
      for (SentBatch held : batches) {
        if (held.seq == seq) {
          if (!held.takeBackSent || held.next > 0) {
            return null;
          }
          batches.remove(held);
          held.done = true;
          changed.signalAll();
          return new GivenBack(held, held == first);
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
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
      earlyTakeBacks.clear();
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
