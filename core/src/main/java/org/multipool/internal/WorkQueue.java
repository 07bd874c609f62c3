package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The batches waiting for a worker, in the order they were submitted.
 *
 * <p>Taking a batch and assigning it to a worker happen under one lock, so that
 * {@link #terminate()} sees every batch either here or on a worker, never in between.
 *
 * <p>A worker that holds nothing comes first. A backend may take batches ahead for a worker that
 * is busy, to hide the trip to it; such a worker gets a batch only while every other worker holds
 * one too (also those still starting). When a worker goes idle later and nothing is queued, it
 * asks a busy worker for a batch that worker holds ahead and has not begun (semantics 27): so a
 * short task never waits behind a long one while another worker has nothing to do.
 *
 * <p>A cancelled batch stays queued until a worker takes it and skips it. So that a queue whose
 * workers are all stuck does not fill up with cancelled tasks (a caller that cancels and submits
 * again, say), cancels are counted, and once they add up to half the batches queued the queue
 * sweeps out every batch whose job wants none of its items: one pass per that many cancels.
 */
final class WorkQueue {
  private enum State {
    OPEN,
    /** Takes no new batches; workers drain what is left, then exit. */
    CLOSED,
    /** Holds nothing; workers exit at once. */
    TERMINATED
  }

  private final ReentrantLock lock = new ReentrantLock();
  /** Where workers that hold nothing wait. */
  private final Condition idleTakers = lock.newCondition();
  /** Where workers that would take a batch ahead wait. */
  private final Condition aheadTakers = lock.newCondition();
  @GuardedBy("lock")
  private int idleWaiting;
  @GuardedBy("lock")
  private final ArrayDeque<WorkBatch> batches = new ArrayDeque<>();
  @GuardedBy("lock")
  private State state = State.OPEN;
  /** Cancels since the last sweep: at most that many cancelled batches wait here. */
  @GuardedBy("lock")
  private int cancelsSinceSweep;
  private final List<WorkerSlot> slots;
  private final PoolCounters counters;

  /** A queue this short is not worth sweeping: its workers will skip what it holds soon enough. */
  private static final int SWEEP_AT_LEAST = 64;

  /**
   * What {@link #take} found for a worker: a batch it now holds, or a batch that {@code heldBy}, a
   * busy worker, holds ahead and has not begun, which the taker should ask back.
   */
  record Taken(WorkBatch batch, WorkerSlot heldBy) {}

  WorkQueue(List<WorkerSlot> slots, PoolCounters counters) {
    this.slots = slots;
    this.counters = counters;
  }

  /** Adds the batches, all or none; false if the queue no longer accepts work. */
  boolean addAll(WorkBatch... added) {
    lock.lock();
    try {
      if (state != State.OPEN) {
        return false;
      }
      long items = 0;
      for (WorkBatch batch : added) {
        batches.addLast(batch);
        items += batch.size();
      }
      counters.queued(items);
      if (added.length == 1) {
        signalOne();
      } else {
        signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a batch of at most {@code maxItems} items and assigns it to {@code slot}; null when the
   * worker should exit. The wait ignores interrupts: the queue wakes workers itself when it closes.
   *
   * <p>A worker that holds nothing and finds nothing queued may get, instead of a batch, one that
   * another worker holds ahead and has not begun ({@link Taken#heldBy} set): its holder is marked as
   * asked, and the taker asks for it after this returns, outside every lock, then takes again.
   */
  Taken take(int maxItems, WorkerSlot slot) {
    lock.lock();
    try {
      while (true) {
        if (state == State.TERMINATED || slot.isLost()) {
          return null;
        }
        boolean idle = slot.holdsNothing();
        WorkBatch batch = idle || !anotherIdle(slot) ? batches.pollFirst() : null;
        if (batch != null) {
          if (batch.size() > maxItems) {
            WorkBatch[] parts = batch.split(maxItems);
            batches.addFirst(parts[1]);
            batch = parts[0];
          }
          if (!slot.assign(batch)) {
            batches.addFirst(batch); // the worker was lost meanwhile: the batch stays for another
            return null;
          }
          if (!batches.isEmpty()) {
            signalOne(); // pass the wake-up on, as a batch was split or several were added
          }
          return new Taken(batch, null);
        }
        if (idle && batches.isEmpty()) {
          Taken heldAhead = heldAheadElsewhere(slot);
          if (heldAhead != null) {
            return heldAhead;
          }
        }
        // After shutdown a worker leaves once nothing is queued, unless a batch another worker
        // holds ahead may still come back to the queue: it stays to run it when it goes idle.
        if ((state == State.CLOSED && batches.isEmpty() && !othersMayGiveBack(slot)) || slot.isLost()) {
          return null;
        }
        if (idle) {
          idleWaiting++;
          idleTakers.awaitUninterruptibly();
          idleWaiting--;
        } else {
          aheadTakers.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes batches off a worker and puts them back at the front, in their order, in one step, so
   * that no worker looking in between finds them in neither place (after shutdown it would leave,
   * with nobody to run them); also after shutdown, as they were accepted. {@code takeOff} runs under
   * this queue's lock and takes the worker's own; it returns the batches it took off. Returns those that will never run, as the queue was
   * terminated; none otherwise.
   */
  List<WorkBatch> moveToFront(Supplier<List<WorkBatch>> takeOff) {
    lock.lock();
    try {
      List<WorkBatch> taken = takeOff.get();
      if (taken.isEmpty() || state == State.TERMINATED) {
        signalAll(); // the worker may itself wait in take() on another thread: it must look again
        return taken;
      }
      long items = 0;
      for (int i = taken.size() - 1; i >= 0; i--) {
        batches.addFirst(taken.get(i));
        items += taken.get(i).size();
      }
      counters.queued(items);
      signalAll();
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A job was cancelled, and batches of it may wait here for nothing: sweeps them out once cancels
   * since the last sweep add up to half the batches queued. What it sweeps out ends skipped, after
   * the lock is released.
   */
  void jobCancelled() {
    List<WorkBatch> swept;
    lock.lock();
    try {
      cancelsSinceSweep++;
      if (state == State.TERMINATED || cancelsSinceSweep < SWEEP_AT_LEAST
          || cancelsSinceSweep < batches.size() / 2) {
        return;
      }
      cancelsSinceSweep = 0;
      swept = sweepUnwanted();
    } finally {
      lock.unlock();
    }
    for (WorkBatch batch : swept) {
      batch.sweptOut();
    }
  }

  /** Takes out every batch whose job wants none of its items, and returns them. */
  @GuardedBy("lock")
  private List<WorkBatch> sweepUnwanted() {
    List<WorkBatch> swept = new ArrayList<>();
    long items = 0;
    for (Iterator<WorkBatch> queued = batches.iterator(); queued.hasNext(); ) {
      WorkBatch batch = queued.next();
      if (batch.firstSkipped() == 0) {
        queued.remove();
        swept.add(batch);
        items += batch.size();
      }
    }
    if (!swept.isEmpty()) {
      counters.queued(-items);
      signalAll(); // after shutdown, a worker waiting for what was swept out may leave now
    }
    return swept;
  }

  /** Wakes every waiting worker so each checks whether it should still wait. */
  void wake() {
    lock.lock();
    try {
      signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** True if a worker other than {@code slot} holds nothing. */
  @GuardedBy("lock")
  private boolean anotherIdle(WorkerSlot slot) {
    for (WorkerSlot other : slots) {
      if (other != slot && !other.isLost() && other.holdsNothing()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A batch that a worker other than {@code taker} holds ahead, has not begun, and nobody has asked
   * back yet, marked as asked now; null if there is none.
   */
  @GuardedBy("lock")
  private Taken heldAheadElsewhere(WorkerSlot taker) {
    for (WorkerSlot other : slots) {
      if (other != taker && !other.isLost()) {
        WorkBatch held = other.heldAheadToAskBack();
        if (held != null) {
          return new Taken(held, other);
        }
      }
    }
    return null;
  }

  /** True if a worker other than {@code slot} may still give a batch back. */
  @GuardedBy("lock")
  private boolean othersMayGiveBack(WorkerSlot slot) {
    for (WorkerSlot other : slots) {
      if (other != slot && !other.isLost() && other.mayGiveBack()) {
        return true;
      }
    }
    return false;
  }

  /** Wakes one worker that may take the first batch: an idle one if any waits. */
  @GuardedBy("lock")
  private void signalOne() {
    if (idleWaiting > 0) {
      idleTakers.signal();
    } else {
      aheadTakers.signal();
    }
  }

  @GuardedBy("lock")
  private void signalAll() {
    idleTakers.signalAll();
    aheadTakers.signalAll();
  }

  /** True once the queue is closed and empty: no batch will ever come again. */
  boolean isDrained() {
    lock.lock();
    try {
      return state == State.TERMINATED || (state == State.CLOSED && batches.isEmpty());
    } finally {
      lock.unlock();
    }
  }

  /** Accepts no more batches; workers finish the queued ones and then get null. */
  void close() {
    lock.lock();
    try {
      if (state == State.OPEN) {
        state = State.CLOSED;
      }
      signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Accepts no more batches and hands back the queued ones, which no worker will take. */
  List<WorkBatch> terminate() {
    lock.lock();
    try {
      state = State.TERMINATED;
      List<WorkBatch> drained = new ArrayList<>(batches);
      batches.clear();
      long items = 0;
      for (WorkBatch batch : drained) {
        items += batch.size();
      }
      counters.queued(-items);
      signalAll();
      return drained;
    } finally {
      lock.unlock();
    }
  }
}
