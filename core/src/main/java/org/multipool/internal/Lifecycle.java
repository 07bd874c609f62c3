package org.multipool.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.multipool.BrokenPoolException;

/**
 * Where the pool is in its life: one immutable {@link Life}, replaced under this object's lock and
 * read without it, as Guava's {@code AbstractService} keeps its state.
 *
 * <p>The stages are ordered, so "at least shut down" is one comparison, as in
 * {@code ThreadPoolExecutor}'s run states. The only moves:
 *
 * <pre>
 * OPEN     -&gt; SHUTDOWN    shutdown(): no new work, the queued work still runs
 * OPEN     -&gt; STOPPING    terminate(), or the pool broke (then with its cause): all work ends now
 * SHUTDOWN -&gt; STOPPING    the same, after a shutdown
 * SHUTDOWN -&gt; TERMINATED  the workers are gone and the backend has released them
 * STOPPING -&gt; TERMINATED  the same, after a stop
 * </pre>
 *
 * <p>The same value remembers whether the pool was stopped (rather than run out after a shutdown),
 * counts the workers registered and not yet exited, says whether the backend has started, and
 * whether the workers are gone for good: that turns true once, when the pool is past
 * {@code OPEN}, has started, and its last worker has exited; nothing registers after it.
 *
 * <pre>{@code
 * if (lifecycle.now().stage() == Stage.OPEN) { ... }   // a read, without the lock
 * }</pre>
 */
final class Lifecycle {
  /** The stages of a pool's life, in their order. */
  enum Stage {
    OPEN,
    SHUTDOWN,
    STOPPING,
    TERMINATED;

    boolean atLeast(Stage other) {
      return compareTo(other) >= 0;
    }
  }

  /**
   * One moment of the pool's life.
   *
   * @param stage where the pool is
   * @param cause why it broke, once it has; then {@code stage} is past {@code SHUTDOWN}
   * @param stopped whether it went through {@code STOPPING}, so a terminated pool says how it ended
   * @param liveWorkers workers registered and not exited
   * @param started whether the backend has started, so workers may be gone for good
   * @param workersGone whether the last worker has exited after the pool stopped taking work
   */
  record Life(Stage stage, BrokenPoolException cause, boolean stopped, int liveWorkers, boolean started,
      boolean workersGone) {
    boolean broken() {
      return cause != null;
    }

    /** Whether the pool's shared objects have ended: it stops, or its workers are gone. */
    boolean sharedObjectsEnded() {
      return (stopped && cause == null) || workersGone || stage == Stage.TERMINATED;
    }

    private Life with(Stage newStage, BrokenPoolException newCause) {
      return new Life(newStage, newCause, stopped || newStage == Stage.STOPPING, liveWorkers, started, workersGone);
    }

    private Life withWorkers(int live, boolean nowStarted, boolean gone) {
      return new Life(stage, cause, stopped, live, nowStarted, gone);
    }
  }

  private final String poolName;
  private final CountDownLatch terminated = new CountDownLatch(1);
  /**
   * Not guarded by a lock: each change is made under this object's monitor, so no two are lost, and
   * reads take the current value without it, which is safe because the field is volatile and a
   * {@link Life} is immutable: a reader sees one whole snapshot.
   */
  private volatile Life life = new Life(Stage.OPEN, null, false, 0, false, false);

  Lifecycle(String poolName) {
    this.poolName = poolName;
  }

  /** The pool's life now. */
  Life now() {
    return life;
  }

  /** Whether a worker lost now counts in the stats: not when the pool itself stops its workers. */
  boolean countsAsLost() {
    return !life.stage().atLeast(Stage.STOPPING);
  }

  /** {@code OPEN -> SHUTDOWN}; false if the pool was past {@code OPEN}. */
  synchronized boolean shutdown() {
    if (life.stage() != Stage.OPEN) {
      return false;
    }
    life = life.with(Stage.SHUTDOWN, null);
    return true;
  }

  /**
   * {@code OPEN|SHUTDOWN -> STOPPING}, with {@code cause} if the pool broke; false if it was
   * stopping or terminated already (only the first stop counts).
   */
  synchronized boolean stop(BrokenPoolException cause) {
    if (life.stage().atLeast(Stage.STOPPING)) {
      return false;
    }
    life = life.with(Stage.STOPPING, cause);
    return true;
  }

  /**
   * Counts a new worker and runs {@code admitted} in the same step, unless the pool wants no new
   * worker: it stops, its workers are gone, or it is shut down and {@code drained}.
   */
  synchronized boolean register(boolean drained, Runnable admitted) {
    Life now = life;
    if (now.stage().atLeast(Stage.STOPPING) || now.workersGone() || (now.stage() == Stage.SHUTDOWN && drained)) {
      return false;
    }
    admitted.run();
    life = now.withWorkers(now.liveWorkers() + 1, now.started(), false);
    return true;
  }

  /** A worker exited; {@code removed} runs in the same step. */
  synchronized void exited(Runnable removed) {
    removed.run();
    life = life.withWorkers(life.liveWorkers() - 1, life.started(), life.workersGone());
  }

  /** The backend has started: from now on, the workers can be gone for good. */
  synchronized void started() {
    life = life.withWorkers(life.liveWorkers(), true, life.workersGone());
  }

  /**
   * Marks the workers gone for good if they are: the pool is past {@code OPEN}, has started and
   * has no live worker. True only for the caller that marked it, who ends what is left.
   */
  synchronized boolean markWorkersGone() {
    Life now = life;
    if (now.stage() == Stage.OPEN || now.liveWorkers() > 0 || now.workersGone() || !now.started()) {
      return false;
    }
    life = now.withWorkers(0, true, true);
    return true;
  }

  /** {@code SHUTDOWN|STOPPING -> TERMINATED}: the backend has released the workers. */
  void terminated() {
    synchronized (this) {
      Life now = life;
      if (!now.workersGone()) {
        throw new AssertionError("terminated before its workers were gone: " + now);
      }
      life = now.with(Stage.TERMINATED, now.cause());
    }
    this.terminated.countDown();
  }

  /** Waits at most {@code nanos} for {@link #terminated()}; true if it came. */
  boolean awaitTerminated(long nanos) throws InterruptedException {
    return terminated.await(nanos, TimeUnit.NANOSECONDS);
  }

  // ---- what the life means for a caller ----

  /** Throws unless the pool takes new work: it is broken, shut down or terminated. */
  void checkAccepting() {
    Life now = life;
    if (now.broken()) {
      throw brokenException();
    }
    if (now.stage() != Stage.OPEN) {
      throw rejected();
    }
  }

  RejectedExecutionException rejected() {
    return new RejectedExecutionException("The pool " + poolName + " is "
        + (life.stopped() ? "terminated" : "shut down") + " and accepts no new work");
  }

  /** A fresh exception for each caller, so each stack trace shows its own call. */
  BrokenPoolException brokenException() {
    BrokenPoolException cause = life.cause();
    return new BrokenPoolException("The pool " + poolName + " is broken: " + cause.getMessage(), cause);
  }

  /** Shared objects can be made until the pool terminates: a shut-down pool still runs tasks. */
  void checkSharedObjectsLive() {
    if (life.sharedObjectsEnded()) {
      throw new IllegalStateException("Pool " + poolName + " has ended, and so have its shared objects");
    }
  }
}
