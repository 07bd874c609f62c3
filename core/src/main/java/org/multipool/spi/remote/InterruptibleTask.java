package org.multipool.spi.remote;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A piece of work that other threads may stop by interrupting the thread that runs it, but only
 * while it runs: the base of every item an {@link OrderedBatchRunner} runs, for a cancel, a
 * timeout and the end of the pool alike.
 *
 * <p>As Guava's {@code InterruptibleTask} does it: {@link #run} records the running thread in one
 * atomic reference; a stopper first claims the task there with a compare-and-set, and only then
 * interrupts the recorded thread; the running thread ends the task with a compare-and-set too, and
 * when a claim won, it waits until the interrupt is delivered and clears it. So the decision is
 * taken on one word, an interrupt lands only inside the task it was meant for, never in the next
 * task nor in the runner's own waits, and {@link #run} says whether the task was stopped.
 *
 * <p>The states and their only transitions:
 *
 * <pre>
 * NEW ──run──▶ thread ──ends──▶ DONE
 *                 │ claim(why)                      killNow(why)
 *                 ▼                                      │
 *   Claim(INTERRUPTING) ──delivered──▶ Claim(INTERRUPTED) ──killIfStillRunning──▶ Claim(KILLING) ──▶ Claim(KILLED)
 *   every Claim ──ends (after waiting out INTERRUPTING and KILLING)──▶ DONE
 * </pre>
 *
 * <p>A subclass does its work in {@link #runInterruptibly}; an item that must not begin after a
 * skip reads the skip mark there, after the thread is recorded: a stopper marks the skip before it
 * claims, so at least one side sees the other.
 *
 * <pre>{@code
 * InterruptibleTask task = new InterruptibleTask() {
 *   protected void runInterruptibly() { work(); }
 * };
 * StopReason why = task.run();            // on the thread that runs it; null if nobody stopped it
 * if (task.claim(StopReason.CANCELLED)) { // on another thread
 *   task.deliverInterrupt(Thread::interrupt);
 * }
 * }</pre>
 */
abstract class InterruptibleTask {
  private enum Phase {
    INTERRUPTING,
    INTERRUPTED,
    KILLING,
    KILLED
  }

  /** A stopper's claim on the running task. */
  private record Claim(StopReason why, Thread thread, Phase phase) {
    Claim to(Phase next) {
      return new Claim(why, thread, next);
    }

    boolean underWay() {
      return phase == Phase.INTERRUPTING || phase == Phase.KILLING;
    }
  }

  private static final Object NEW = "NEW";
  private static final Object DONE = "DONE";
  private static final int SPINS = 1_000;
  private static final long PARK_NANOS = 50_000;

  /** {@link #NEW}, the running thread, a {@link Claim} or {@link #DONE}. */
  private final AtomicReference<Object> state = new AtomicReference<>(NEW);
  /** The claim the task ended under; only the running thread writes it, before {@link #DONE}. */
  private Claim ended;

  /** The task's work, on the thread that calls {@link #run}. */
  protected abstract void runInterruptibly();

  /**
   * Runs the task on the calling thread, once. It begins with the thread's interrupt status clear;
   * when it returns, nothing meant for this task interrupts the thread any more, and the status is
   * clear again.
   *
   * @return why a stopper claimed the task, or null if none did
   * @throws IllegalStateException if the task ran before
   */
  final StopReason run() {
    Thread thread = Thread.currentThread();
    Thread.interrupted(); // no stopper can reach the task yet: whatever is set is stray, and not the task's
    if (!state.compareAndSet(NEW, thread)) {
      throw new IllegalStateException("A task runs once, but this one is " + state.get());
    }
    try {
      runInterruptibly();
    } finally {
      end(thread);
    }
    return ended == null ? null : ended.why();
  }

  /** Whether the task ended because its far side was killed (and the kill returned, as in a test). */
  final boolean killed() {
    return ended != null && ended.phase() == Phase.KILLED;
  }

  /**
   * Claims the task while it runs; the caller must then call {@link #deliverInterrupt}.
   *
   * @return false if the task is not running, or another stopper claimed it first
   */
  final boolean claim(StopReason why) {
    Object now = state.get();
    return now instanceof Thread thread && state.compareAndSet(now, new Claim(why, thread, Phase.INTERRUPTING));
  }

  /** After a successful {@link #claim}: interrupts the running thread, then lets the task end. */
  final void deliverInterrupt(Stopping.Interrupter interrupter) {
    Claim claim = (Claim) state.get();
    try {
      interrupter.interrupt(claim.thread());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the stopper's own thread is asked to end: the task is not interrupted
    } finally {
      state.compareAndSet(claim, claim.to(Phase.INTERRUPTED));
    }
  }

  /**
   * After a grace: kills the far side if the task that was claimed and interrupted still runs.
   *
   * @return whether {@code kill} ran
   */
  final boolean killIfStillRunning(Runnable kill) {
    Object now = state.get();
    return now instanceof Claim claim && claim.phase() == Phase.INTERRUPTED && kill(claim, claim.to(Phase.KILLING), kill);
  }

  /**
   * Kills the far side at once, without an interrupt, if the task runs now.
   *
   * @return whether {@code kill} ran
   */
  final boolean killNow(StopReason why, Runnable kill) {
    Object now = state.get();
    return now instanceof Thread thread && kill(now, new Claim(why, thread, Phase.KILLING), kill);
  }

  private boolean kill(Object expected, Claim killing, Runnable kill) {
    if (!state.compareAndSet(expected, killing)) {
      return false; // the task ended meanwhile
    }
    try {
      kill.run(); // a worker JVM ends here; a far side that cannot end returns
    } finally {
      state.set(killing.to(Phase.KILLED));
    }
    return true;
  }

  /** The running thread: closes the task to stoppers, waits out a claim under way, clears its interrupt. */
  private void end(Thread thread) {
    if (state.compareAndSet(thread, DONE)) {
      return;
    }
    int spins = 0;
    while (true) {
      Claim claim = (Claim) state.get();
      if (claim.underWay()) {
        if (++spins < SPINS) {
          Thread.onSpinWait(); // the stopper is interrupting this thread; that rarely takes long
        } else {
          Thread.interrupted(); // or a park would return at once; the status is cleared below anyway
          LockSupport.parkNanos(this, PARK_NANOS);
        }
      } else if (state.compareAndSet(claim, DONE)) { // fails only if a kill after the grace came first
        ended = claim;
        break;
      }
    }
    Thread.interrupted(); // delivered before the claim left INTERRUPTING: this clears it
  }
}
