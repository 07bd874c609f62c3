package org.multipool.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.multipool.TaskTimeoutException;
import org.multipool.spi.Batch;
import org.multipool.spi.Worker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerControl.Skip;

/**
 * The pool's record of one worker: the batches it holds, the one it runs, the task under a
 * deadline when tasks have a timeout, and how to stop it.
 *
 * <p>Stopping follows Guava's {@code InterruptibleTask}: a stop is requested under this object's
 * lock, and only while the worker still runs the batch (or task) it is meant for; the worker lets
 * go of it under the same lock and then clears any interrupt that was meant for it, so a stop
 * never leaks into the next task. Futures are completed only after the lock is released.
 *
 * <p>An item gets its outcome exactly once: from the worker, from the watchdog when it ran too
 * long, or from {@link #lost} when the worker died. Which one wins is decided under this lock.
 */
final class WorkerSlot implements Worker {
  private final CorePool pool;
  private final String label;
  private final WorkerControl control;
  private final Duration timeout;
  private final long timeoutNanos;

  // All guarded by this.
  private final ArrayDeque<WorkBatch> assigned = new ArrayDeque<>(); // in the order taken
  /** Whether the pool's counters count this worker as busy: it holds a batch. */
  private boolean busy;
  /** Whether the pool's counters no longer count this worker: it exited or was lost. */
  private boolean gone;
  private WorkBatch running;
  /** {@link WorkerControl#stop()} was called for the running batch. */
  private boolean stopRequested;
  /**
   * {@link WorkerControl#cancelRunning()} was called for the running batch. Kept apart from
   * {@link #stopRequested}: a backend may stop a cancelled task gently, and {@code terminate()}
   * must still stop it for good.
   */
  private boolean cancelRequested;
  private volatile boolean lost; // written under the lock
  private int timedIndex = -1; // the item of the running batch that runs under a deadline
  private boolean timedOut;
  private long deadline;

  /** When the timed task must end, for the watchdog's sleep; 0 when no task is timed. */
  private volatile long deadlineHint;

  WorkerSlot(CorePool pool, String label, WorkerControl control, Duration timeout) {
    this.pool = pool;
    this.label = label;
    this.control = control;
    this.timeout = timeout;
    this.timeoutNanos = timeout == null ? 0 : saturatedNanos(timeout);
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
      taken.heldBy().askBack(taken.batch());
    }
    // An interrupt that reaches an idle worker was meant for a task that has already ended.
    Thread.interrupted();
    if (batch != null) {
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
    batch.takenAt = System.nanoTime();
    batch.askedBack = false;
    batch.flightEvent = PoolEvents.batchTaken(pool.name(), label, batch);
    assigned.addLast(batch);
    pool.counters().taken(batch.size(), !busy);
    busy = true;
    return true;
  }

  /** Must hold the lock. Lets go of a batch: it ran, or every item has its outcome. */
  private void release(WorkBatch batch) {
    assigned.remove(batch);
    PoolEvents.batchReleased(batch.flightEvent);
    batch.flightEvent = null;
    if (busy && assigned.isEmpty()) {
      busy = false;
      pool.counters().workerIdle();
    }
  }

  /** Must hold the lock. Tells the counters, once, that this worker is gone. */
  private void countGone(boolean lostWorker) {
    if (!gone) {
      gone = true;
      pool.counters().workerGone(busy, lostWorker);
      busy = false;
    }
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
    WorkBatch batch = heldAheadNotAsked();
    if (batch != null) {
      batch.askedBack = true;
    }
    return batch;
  }

  /**
   * Called by the queue, under its lock: true if a batch this worker holds may still go back to the
   * queue, because it was asked back and has not ended, or could be asked back.
   */
  synchronized boolean mayGiveBack() {
    for (WorkBatch batch : assigned) {
      if (batch.askedBack) {
        return true;
      }
    }
    return heldAheadNotAsked() != null;
  }

  /** Must hold the lock. The first batch held ahead, not begun, not skipped and not asked back. */
  private WorkBatch heldAheadNotAsked() {
    for (WorkBatch batch : assigned) {
      if (batch != running && !batch.askedBack && !batch.anyReported() && batch.firstSkipped() > 0) {
        return batch;
      }
    }
    return null;
  }

  /** Asks this worker's backend to give back {@code batch}, which an idle worker would run now. */
  void askBack(WorkBatch batch) {
    control.takeBack(batch);
  }

  @Override
  public void givenBack(Batch taken) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    // Let go of it and queue it again in one step of the queue: a worker that looked in between
    // would find it in neither place and, after shutdown, leave with nobody to run it.
    pool.endNeverRun(pool.queue().moveToFront(() -> releaseGivenBack(batch)));
  }

  /**
   * Called by the queue, under its lock: lets go of a batch the worker gave back; nothing if it no
   * longer holds it (lost() queued it again already, or every item has its outcome).
   */
  private synchronized List<WorkBatch> releaseGivenBack(WorkBatch batch) {
    if (lost || !assigned.contains(batch)) {
      return List.of();
    }
    if (running == batch) { // the pool took it for begun, but the worker had not begun it
      running = null;
      stopRequested = false;
      cancelRequested = false;
      timedIndex = -1;
      timedOut = false;
      deadlineHint = 0;
    }
    release(batch);
    return List.of(batch);
  }

  // ---- running work here ----

  @Override
  public void run(Batch taken) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    synchronized (this) {
      checkHeld(batch);
      running = batch;
    }
    WorkBatch.Outcomes outcomes = new WorkBatch.Outcomes();
    try {
      if (timeoutNanos == 0) {
        batch.runAll(outcomes);
      } else {
        runTimed(batch, outcomes);
      }
    } finally {
      boolean askedBack;
      synchronized (this) {
        askedBack = batch.askedBack;
        release(batch);
        running = null;
        stopRequested = false;
        cancelRequested = false;
      }
      if (askedBack) {
        pool.queue().wake(); // after shutdown an idle worker may wait to see whether it came back
      }
      Thread.interrupted(); // a stop for the batch just released must not reach the next one
      int ended = outcomes.succeeded + outcomes.failed;
      batch.resolve(outcomes.succeeded, outcomes.failed, batch.size() - ended - outcomes.timedOut);
    }
  }

  /** Runs the items one by one under the task timeout, counting how they ended. */
  private void runTimed(WorkBatch batch, WorkBatch.Outcomes outcomes) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.skips(i)) {
        continue;
      }
      synchronized (this) {
        startDeadline(i);
      }
      Object outcome = batch.apply(i);
      boolean expired;
      synchronized (this) {
        expired = endDeadline(i);
      }
      if (expired) {
        Thread.interrupted(); // the watchdog's interrupt was for the task that just ended
        outcomes.timedOut++;
      } else {
        batch.record(i, outcome);
        if (!(outcome instanceof Failure)) {
          outcomes.succeeded++;
        } else if (!batch.skips(i)) { // else interrupted by a cancel: no outcome of its own
          outcomes.failed++;
        }
      }
    }
  }

  // ---- running work elsewhere ----

  @Override
  public boolean started(Batch taken, int index) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    boolean skipped;
    boolean resolve = false;
    boolean nowIdle = false;
    synchronized (this) {
      if (lost || !assigned.contains(batch)) {
        return false; // lost() gave it away, or every item has its outcome (a timeout, say)
      }
      Objects.checkIndex(index, batch.size());
      // Checked under the lock, after the batch is marked running: a cancel either sees it
      // running and stops the worker, or is seen here.
      running = batch;
      skipped = batch.skips(index); // cancelled meanwhile, or its map already failed before it
      if (skipped) {
        resolve = claim(batch, index);
        nowIdle = assigned.isEmpty();
      } else if (timeoutNanos != 0) {
        startDeadline(index);
      }
    }
    if (nowIdle) {
      pool.queue().wake(); // this worker may wait to take a batch ahead: now it may take one at once
    }
    if (resolve) {
      batch.resolve(0, 0, 1);
    }
    return !skipped;
  }

  @Override
  public void succeeded(Batch taken, int index, Object result) {
    report(taken, index, result);
  }

  @Override
  public void succeededRun(Batch taken, int from, Object[] results, int count) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    Objects.checkFromIndexSize(from, count, batch.size());
    Objects.checkFromIndexSize(0, count, results.length);
    boolean[] record = new boolean[count];
    int claimed = 0;
    int recorded = 0;
    boolean nowIdle;
    synchronized (this) { // one lock for the run, not two per item
      if (lost || !assigned.contains(batch)) {
        return; // lost() gave every item its outcome, or the last ones timed out
      }
      for (int i = 0; i < count; i++) {
        int index = from + i;
        endDeadline(index);
        boolean skipped = batch.skips(index); // cancelled meanwhile: it keeps its cancellation
        if (claim(batch, index)) {
          claimed++;
          record[i] = !skipped;
          recorded += skipped ? 0 : 1;
        }
      }
      nowIdle = assigned.isEmpty();
    }
    if (nowIdle) {
      pool.queue().wake();
    }
    for (int i = 0; i < count; i++) { // outside the lock: recording may complete a future
      if (record[i]) {
        batch.record(from + i, results[i]);
      }
    }
    batch.resolve(recorded, 0, claimed - recorded);
  }

  @Override
  public void failed(Batch taken, int index, Throwable failure) {
    report(taken, index, new Failure(Objects.requireNonNull(failure, "failure")));
  }

  private void report(Batch taken, int index, Object outcome) {
    WorkBatch batch = (WorkBatch) Objects.requireNonNull(taken, "batch");
    boolean first;
    boolean nowIdle;
    synchronized (this) {
      if (lost || !assigned.contains(batch)) {
        // lost() gave every item its outcome, or the last ones timed out: this one came too late
        return;
      }
      Objects.checkIndex(index, batch.size());
      endDeadline(index);
      first = claim(batch, index);
      nowIdle = assigned.isEmpty();
    }
    if (nowIdle) {
      pool.queue().wake(); // this worker may wait to take a batch ahead: now it may take one at once
    }
    // A late result of a task that timed out or was cancelled before it began is dropped.
    if (first) {
      batch.record(index, outcome);
      batch.resolveOne(index, outcome);
    }
  }

  /**
   * Must hold the lock. Claims the right to give an item its outcome; false if it has one already.
   * A batch whose items all have outcomes is no longer held.
   */
  private boolean claim(WorkBatch batch, int index) {
    boolean first = batch.markReported(index);
    if (batch.allReported()) {
      release(batch);
      if (running == batch) {
        running = null;
        stopRequested = false;
        cancelRequested = false;
      }
    }
    return first;
  }

  @Override
  public void lost(Supplier<? extends Throwable> failure) {
    Objects.requireNonNull(failure, "failure");
    List<WorkBatch> failing = new ArrayList<>();
    List<WorkBatch> untouched = new ArrayList<>();
    boolean countsAsLost = pool.countsAsLost();
    // What it had not begun goes back to the queue in the same step as it leaves this worker.
    List<WorkBatch> neverRun = pool.queue().moveToFront(() -> {
      synchronized (this) {
        if (lost) {
          throw new IllegalStateException(label + " was reported lost twice");
        }
        lost = true;
        countGone(countsAsLost);
        for (WorkBatch batch : assigned) {
          (batch == running || batch.anyReported() ? failing : untouched).add(batch);
          PoolEvents.batchReleased(batch.flightEvent);
          batch.flightEvent = null;
        }
        assigned.clear();
        running = null;
        timedIndex = -1;
        deadlineHint = 0;
        return untouched;
      }
    });
    if (countsAsLost) {
      PoolEvents.workerLost(pool.name(), label, failure, failing.size(), untouched.size());
    }
    for (WorkBatch batch : failing) {
      int failed = 0;
      int skipped = 0;
      for (int i = 0; i < batch.size(); i++) {
        boolean first;
        synchronized (this) {
          first = batch.markReported(i); // no longer held: lost() cleared the worker's batches
        }
        if (first) {
          batch.failed(i, failure.get());
          if (batch.skips(i)) {
            skipped++; // cancelled, or its pool is terminating: the crash is not its outcome
          } else {
            failed++;
          }
        }
      }
      batch.resolve(0, failed, skipped);
    }
    pool.endNeverRun(neverRun);
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
    pool.workerExited(this);
  }

  // ---- stopping ----

  /** Every batch this worker holds, for the pool to end when it terminates. */
  synchronized List<WorkBatch> heldBatches() {
    return new ArrayList<>(assigned);
  }

  /** Stops the worker's task if it runs a batch of {@code job}, which was cancelled. */
  synchronized void stopIfRunning(Job job) {
    if (running != null && running.job == job && !stopRequested && !cancelRequested) {
      cancelRequested = true;
      control.cancelRunning();
    }
  }

  /**
   * Tells the worker to leave out the items of {@code job} it holds but may not have begun, so a
   * backend that sent them ahead can keep them from running.
   */
  void skipHeld(Job job, Skip why) {
    List<WorkBatch> batches = new ArrayList<>();
    synchronized (this) {
      // Newest first: a worker that runs its batches in order must hear that the next one is
      // skipped before the one it runs is stopped, or it could begin the next in between.
      for (var held = assigned.descendingIterator(); held.hasNext(); ) {
        WorkBatch batch = held.next();
        if (batch.job == job) {
          batches.add(batch);
        }
      }
    }
    for (WorkBatch batch : batches) { // outside the lock: the backend may wait for its worker
      int from = batch.firstSkipped();
      if (from < batch.size()) {
        control.skip(batch, from, why);
      }
    }
  }

  /**
   * Stops the worker, busy or not: the pool is terminating, and a worker still starting or
   * running its initializer must not hold up the end.
   */
  synchronized void stopForTermination() {
    if (!stopRequested) {
      stopRequested = true;
      control.stop();
    }
  }

  /** How long the running task may still run, or {@code Long.MAX_VALUE} if none is timed. */
  long nanosLeft(long now) {
    long hint = deadlineHint;
    return hint == 0 ? Long.MAX_VALUE : hint - now;
  }

  /**
   * Fails and stops the task that runs past its deadline, if any. Called by the watchdog; the
   * failure is recorded after the lock is released.
   */
  void expireIfDue(long now) {
    WorkBatch batch;
    int index;
    synchronized (this) {
      if (timedIndex < 0 || timedOut || now - deadline < 0) {
        return;
      }
      batch = running;
      index = timedIndex;
      deadlineHint = 0;
      if (!claim(batch, index)) {
        timedIndex = -1; // its outcome is in already
        return;
      }
      timedOut = true;
      control.stop();
    }
    batch.failed(index, new TaskTimeoutException("Task " + (batch.base + index)
        + " ran longer than the task timeout of " + timeout + " on worker " + label));
    pool.completeTimedOut(() -> batch.resolve(0, 1, 0));
  }

  /** Must hold the lock. */
  private void startDeadline(int index) {
    timedIndex = index;
    timedOut = false;
    deadline = System.nanoTime() + timeoutNanos;
    deadlineHint = deadline == 0 ? 1 : deadline;
  }

  /** Must hold the lock. Ends the deadline of {@code index}; true if the watchdog failed it. */
  private boolean endDeadline(int index) {
    if (timedIndex != index) {
      return false;
    }
    boolean expired = timedOut;
    timedIndex = -1;
    timedOut = false;
    deadlineHint = 0;
    return expired;
  }

  /** Must hold the lock. */
  private void checkHeld(WorkBatch batch) {
    if (!assigned.contains(batch)) {
      throw new IllegalArgumentException(batch + " is not held by worker " + label);
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "Worker[" + label + "]";
  }
}
