package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.multipool.spi.Batch;
import org.multipool.spi.LocalWorker;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerControl.Skip;

/**
 * The pool's record of one worker: the batches it holds, the one it runs, and how to stop it.
 *
 * <p>Under this object's lock: which batches the worker holds and which it runs. Each item's own
 * state (held, started, done, skipped) is its batch's {@link ItemStates}, the one owner of whether
 * an outcome still counts: from the worker, from the watchdog when it ran too long
 * ({@link SlotTimeouts}), or from {@link #lost} when the worker died.
 *
 * <p>Stopping follows Guava's {@code InterruptibleTask}, through a {@link StopGate}: a stop is
 * decided under this lock, and only while the worker still runs the batch (or task) it is meant
 * for; the backend's {@link WorkerControl} is called after the lock is released. A worker that runs
 * its batches here lets go of a batch only when no stop is in flight, and then clears any interrupt
 * that was meant for it, so a stop never leaks into the next task. Futures are completed, and the
 * backend called, only with no lock held.
 */
final class WorkerSlot implements LocalWorker, RemoteWorker {
  final CorePool pool;
  final String label;
  final WorkerControl control;
  final StopGate gate = new StopGate();
  final SlotTimeouts timeouts;
  private final RemoteReports reports = new RemoteReports(this);

  /** The batches the worker holds, in the order taken. */
  @GuardedBy("this")
  private final HeldBatches assigned = new HeldBatches();
  /** Whether the pool's counters count this worker as busy: it holds a batch. */
  @GuardedBy("this")
  private boolean busy;
  /** Whether the pool's counters no longer count this worker: it exited or was lost. */
  @GuardedBy("this")
  private boolean gone;
  @GuardedBy("this")
  WorkBatch running;
  /** Whether {@link #running} runs here, in {@link #run}, which lets go of it itself. */
  @GuardedBy("this")
  private boolean runningHere;
  /**
   * Whether the worker was lost. Written only under this object's lock, in {@code lost()}; volatile,
   * so {@link #isLost} reads it without the lock.
   */
  private volatile boolean lost;

  WorkerSlot(CorePool pool, String label, WorkerControl control) {
    this.pool = pool;
    this.label = label;
    this.control = control;
    this.timeouts = new SlotTimeouts(this, new Deadline(pool.taskTimeout()), pool.taskTimeout());
  }

  // ---- taking work ----

  @Override
  public Batch take(int maxItems) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1 but was " + maxItems);
    }
    WorkBatch batch;
    while (true) {
      WorkQueue.Taken taken = pool.queue().take(maxItems, this);
      if (taken == null || taken.heldBy() == null) {
        batch = taken == null ? null : taken.batch();
        break;
      }
      // Outside every lock: the holder's backend is asked, and answers later with givenBack().
      taken.heldBy().control.takeBack(taken.batch());
    }
    // An interrupt that reaches an idle worker was meant for a task that has already ended.
    Thread.interrupted();
    if (batch != null) {
      batch.job.leftQueue(); // a submitted task's place in the limit of queued tasks is free again
      // A batch cancelled while queued, or queued again after its worker died: a backend that
      // sends it ahead must know before it sends.
      int from = batch.firstSkipped();
      if (from < batch.size()) {
        control.skip(batch, from, Skip.UNWANTED); // not sent anywhere yet: nothing to wait for
      }
    }
    return batch;
  }

  /** Called by the queue, under its lock: false if this worker was lost and takes nothing more. */
  synchronized boolean assign(WorkBatch batch) {
    if (lost) {
      return false;
    }
    batch.taken();
    assigned.add(batch).flightEvent = PoolEvents.batchTaken(pool.name(), label, batch);
    pool.counters().taken(batch.size(), !busy);
    busy = true;
    return true;
  }

  /** Lets go of a batch: it ran, or every item has its outcome. */
  @GuardedBy("this")
  private void release(WorkBatch batch) {
    HeldBatches.Held held = assigned.remove(batch);
    if (held != null) {
      PoolEvents.batchReleased(held.flightEvent);
    }
    if (busy && assigned.isEmpty()) {
      busy = false;
      pool.counters().workerIdle();
    }
  }

  /** Whether this worker, not lost, holds {@code batch}. */
  @GuardedBy("this")
  boolean holds(WorkBatch batch) {
    return !lost && assigned.find(batch) != null;
  }

  boolean isLost() {
    return lost;
  }

  /** True if this worker holds no batch; called by the queue, under its lock. */
  synchronized boolean holdsNothing() {
    return assigned.isEmpty();
  }

  // ---- giving back what was held ahead (semantics 27) ----

  /**
   * Called by the queue, under its lock. The first batch this worker holds ahead, has not begun and
   * was not asked back yet, marked as asked now; null if there is none. A batch whose items are
   * all skipped is left alone: it ends where it is.
   */
  synchronized WorkBatch heldAheadToAskBack() {
    HeldBatches.Held held = assigned.aheadNotAsked(running);
    if (held == null) {
      return null;
    }
    held.askedBack = true;
    return held.batch;
  }

  /**
   * Called by the queue, under its lock: true if a batch this worker holds may still go back to the
   * queue, because it was asked back and has not ended, or could be asked back.
   */
  synchronized boolean mayGiveBack() {
    return assigned.mayGiveBack(running);
  }

  @Override
  public void givenBack(Batch taken) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    // Let go of it and queue it again in one step of the queue: a worker that looked in between
    // would find it in neither place and, after shutdown, leave with nobody to run it.
    pool.ending().endNeverRun(pool.queue().moveToFront(() -> releaseGivenBack(batch)));
  }

  /**
   * Called by the queue, under its lock: lets go of a batch the worker gave back; nothing if it no
   * longer holds it (lost() queued it again already, or every item has its outcome).
   */
  private synchronized List<WorkBatch> releaseGivenBack(WorkBatch batch) {
    if (!holds(batch)) {
      return List.of();
    }
    if (running == batch) { // the pool took it for begun, but the worker had not begun it
      running = null;
      gate.reset();
      timeouts.clear();
    }
    release(batch);
    batch.states().moveAll(ItemStates.QUEUED);
    return List.of(batch);
  }

  // ---- running work here ----

  @Override
  public void run(Batch taken) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    synchronized (this) {
      if (assigned.find(batch) == null) {
        throw new IllegalArgumentException(batch + " is not held by worker " + label);
      }
      running = batch;
      runningHere = true;
    }
    WorkBatch.Outcomes outcomes = new WorkBatch.Outcomes();
    try {
      if (timeouts.timed()) {
        timeouts.runTimed(batch, outcomes);
      } else {
        batch.runAll(outcomes);
      }
    } finally {
      boolean askedBack = letGoOfRun(batch);
      if (askedBack) {
        pool.queue().wake(); // after shutdown an idle worker may wait to see whether it came back
      }
      Thread.interrupted(); // a stop for the batch just released must not reach the next one
      int ended = outcomes.succeeded + outcomes.failed;
      batch.resolve(outcomes.succeeded, outcomes.failed, batch.size() - ended - outcomes.timedOut);
    }
  }

  /**
   * Lets go of a batch run here, once no stop decided for it is still on its way: the interrupt
   * the caller clears next is then the last one meant for it. Returns whether it was asked back.
   */
  private boolean letGoOfRun(WorkBatch batch) {
    while (true) {
      synchronized (this) {
        if (gate.noneInFlight()) {
          HeldBatches.Held held = assigned.find(batch);
          boolean askedBack = held != null && held.askedBack;
          batch.states().moveAll(ItemStates.DONE); // the outcomes are recorded, the counts say which
          release(batch);
          running = null;
          runningHere = false;
          gate.reset();
          return askedBack;
        }
      }
      gate.awaitNoneInFlight(); // outside the lock: the stopper may need it no more, but others do
    }
  }

  // ---- running work elsewhere: see RemoteReports ----

  @Override
  public boolean started(Batch batch, int index) {
    return reports.started((WorkBatch) Objects.requireNonNull(batch, "batch"), index);
  }

  @Override
  public void succeeded(Batch batch, int index, Object result) {
    reports.report((WorkBatch) Objects.requireNonNull(batch, "batch"), index, result);
  }

  @Override
  public void succeededRun(Batch batch, int from, Object[] results, int count) {
    reports.succeededRun((WorkBatch) Objects.requireNonNull(batch, "batch"), from, results, count);
  }

  @Override
  public void failed(Batch batch, int index, Throwable failure) {
    reports.report((WorkBatch) Objects.requireNonNull(batch, "batch"), index,
        new Failure(Objects.requireNonNull(failure, "failure")));
  }

  /** Whether the worker holds no batch now. */
  @GuardedBy("this")
  boolean idle() {
    return assigned.isEmpty();
  }

  /**
   * Moves an item to its end, {@code DONE} or {@code SKIPPED}: false if it had
   * ended already, so this outcome does not count. A batch run elsewhere whose items have all ended
   * is no longer held; one run here is let go of by {@link #run} itself.
   */
  @GuardedBy("this")
  boolean claim(WorkBatch batch, int index, byte end) {
    boolean first = batch.states().move(index, end);
    if (batch.states().allEnded() && !(runningHere && running == batch)) {
      release(batch);
      if (running == batch) {
        running = null;
        gate.reset();
      }
    }
    return first;
  }

  @Override
  public void lost(Supplier<? extends Throwable> failure) {
    Objects.requireNonNull(failure, "failure");
    List<WorkBatch> failing = new ArrayList<>();
    List<WorkBatch> untouched = new ArrayList<>();
    boolean countsAsLost = pool.lifecycle().countsAsLost();
    // What it had not begun goes back to the queue in the same step as it leaves this worker.
    List<WorkBatch> neverRun = pool.queue().moveToFront(() -> {
      synchronized (this) {
        if (lost) {
          throw new IllegalStateException(label + " was reported lost twice");
        }
        lost = true;
        countGone(countsAsLost);
        for (HeldBatches.Held held : assigned) {
          WorkBatch batch = held.batch;
          boolean begun = batch == running || batch.states().anyBegun();
          (begun ? failing : untouched).add(batch);
          if (!begun) {
            batch.states().moveAll(ItemStates.QUEUED);
          }
          PoolEvents.batchReleased(held.flightEvent);
        }
        assigned.clear();
        running = null;
        timeouts.clear();
        return untouched;
      }
    });
    if (countsAsLost) {
      PoolEvents.workerLost(pool.name(), label, failure, failing.size(), untouched.size());
    }
    for (WorkBatch batch : failing) { // no longer held: lost() cleared the worker's batches
      batch.failUnended(failure);
    }
    pool.ending().endNeverRun(neverRun);
  }

  @Override
  public void exited() {
    boolean holdsWork;
    synchronized (this) {
      holdsWork = !lost && !assigned.isEmpty();
    }
    if (holdsWork) {
      lost(() -> new IllegalStateException("Worker " + label + " exited while it held this task"));
    }
    synchronized (this) {
      countGone(false);
    }
    pool.ending().workerExited(this);
  }

  /** Tells the counters, once, that this worker is gone. */
  @GuardedBy("this")
  private void countGone(boolean lostWorker) {
    if (!gone) {
      gone = true;
      pool.counters().workerGone(busy, lostWorker);
      busy = false;
    }
  }

  // ---- stopping ----

  /** Newest first, the batches of {@code job} this worker holds; every batch if {@code job} is null. */
  synchronized List<WorkBatch> heldOf(Job job) {
    return assigned.newestFirst(job);
  }

  @Override
  public String toString() {
    return "Worker[" + label + "]";
  }
}
