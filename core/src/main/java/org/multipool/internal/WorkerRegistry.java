package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerControl.Skip;

/**
 * The pool's live workers: who registers, who has exited, and what is asked of all of them at once
 * (skip a job's items, stop a job's running task, stop everything).
 *
 * <p>A worker is added and counted in the pool's {@link Lifecycle} in one step, under its lock, so
 * the pool never sees its last worker gone while one is being added. The list itself is read
 * without a lock (copy on write): the queue and the watchdog walk it often, it changes rarely.
 *
 * <pre>{@code
 * WorkerSlot slot = registry.register("pool-1-worker-3", thread::interrupt);   // null: pool stopping
 * }</pre>
 */
final class WorkerRegistry {
  private final CorePool pool;
  private final Lifecycle lifecycle;
  private final List<WorkerSlot> slots = new CopyOnWriteArrayList<>();
  @GuardedBy("lifecycle")
  private int startedWorkers;

  WorkerRegistry(CorePool pool, Lifecycle lifecycle) {
    this.pool = pool;
    this.lifecycle = lifecycle;
  }

  /** The workers registered and not exited; a live view, read without a lock. */
  List<WorkerSlot> slots() {
    return slots;
  }

  /** Registers a worker; null when the pool wants none: it stops, or is shut down and drained. */
  WorkerSlot register(String label, WorkerControl control, int workers) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(control, "control");
    WorkerSlot slot = new WorkerSlot(pool, label, control);
    boolean drained = pool.queue().isDrained(); // outside the lifecycle's lock, as it was always read
    boolean replacement;
    // Held here as well as in register (it is reentrant), so that counting the worker is part of the
    // same step as admitting it, where the checker can see the lock.
    synchronized (lifecycle) {
      boolean admitted = lifecycle.register(drained, () -> {
        slots.add(slot);
        pool.counters().workerStarted();
      });
      if (!admitted) {
        return null; // a worker started now would find nothing to do
      }
      replacement = startedWorkers++ >= workers;
    }
    PoolEvents.workerStarted(pool.name(), label, replacement);
    return slot;
  }

  /** Forgets a worker that has exited. */
  void exited(WorkerSlot slot) {
    lifecycle.exited(() -> {
      if (!slots.remove(slot)) {
        throw new IllegalStateException(slot + " exited twice");
      }
    });
  }

  /**
   * Tells the workers that hold batches of {@code job} which of their items are skipped, and why,
   * so a backend that sent them ahead can keep them from running. Newest batch first: a worker
   * that runs its batches in order must hear that the next one is skipped before the one it runs
   * is stopped, or it could begin the next in between. The backend is called outside every lock.
   */
  void skipHeld(Job job, Skip why) {
    for (WorkerSlot slot : slots) {
      for (WorkBatch batch : slot.heldOf(job)) {
        int from = batch.firstSkipped();
        if (from < batch.size()) {
          slot.control.skip(batch, from, why);
        }
      }
    }
  }

  /** Stops the workers that run a batch of {@code job}, which was cancelled, right now. */
  void stopRunning(Job job) {
    for (WorkerSlot slot : slots) {
      boolean decided;
      synchronized (slot) {
        decided = slot.running != null && slot.running.job == job && slot.gate.decideCancel();
      }
      if (decided) {
        stopAfterDecision(slot, slot.control::cancelRunning);
      }
    }
  }

  /**
   * Ends the jobs of every batch a worker holds, and stops every worker, busy or not: the pool
   * stops, and a worker still starting or running its initializer must not hold up the end.
   */
  void abortHeldAndStop(boolean broken) {
    for (WorkerSlot slot : slots) {
      for (WorkBatch held : slot.heldOf(null)) {
        held.job.abort(broken);
      }
      boolean decided;
      synchronized (slot) {
        decided = slot.gate.decideStop();
      }
      if (decided) {
        stopAfterDecision(slot, slot.control::stop);
      }
    }
  }

  /** Calls the backend for a stop decided under the worker's lock, now that it is released. */
  private static void stopAfterDecision(WorkerSlot slot, Runnable call) {
    try {
      call.run();
    } finally {
      slot.gate.returned();
    }
  }
}
