package org.multipool.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.multipool.BrokenPoolException;
import org.multipool.spi.SharedObjects;
import org.multipool.spi.WorkerGroup;

/**
 * How a pool ends: a shutdown lets the queued work run out, a stop ({@code terminate()} or a broken
 * pool) ends it at once, and once the last worker has exited a thread of its own lets the backend
 * release its workers, after which the pool is terminated. The moves themselves are the
 * {@link Lifecycle}'s; this class does what each move asks of the queue, the workers and the backend,
 * always after the move and outside every lock.
 *
 * <pre>{@code
 * ending.shutdown();                          // no new work; the pool terminates once drained
 * ending.awaitUninterruptibly(Long.MAX_VALUE, null);
 * }</pre>
 */
final class PoolEnding {
  private final String name;
  private final Lifecycle lifecycle;
  private final WorkQueue queue;
  private final WorkerRegistry registry;
  /** The limit of queued tasks, whose waiting callers the end wakes; null if the pool has none. */
  private final QueuedTaskLimit limit;

  /** What the backend started; set once it has, before any worker can exit. */
  private volatile WorkerGroup group;
  private volatile SharedObjects shared;
  private volatile TimeoutWatchdog timeouts;
  /** Releases the workers once they are gone; the pool is terminated when it has ended. */
  private volatile Thread closer;

  PoolEnding(String name, Lifecycle lifecycle, WorkQueue queue, WorkerRegistry registry, QueuedTaskLimit limit) {
    this.name = name;
    this.lifecycle = lifecycle;
    this.queue = queue;
    this.registry = registry;
    this.limit = limit;
  }

  /** The backend has started: what to release at the end, and the watchdog to end with it. */
  void started(WorkerGroup started, SharedObjects sharedObjects, TimeoutWatchdog watchdog) {
    group = started;
    shared = sharedObjects;
    timeouts = watchdog;
    lifecycle.started();
    finishIfWorkersGone();
  }

  void shutdown() {
    if (lifecycle.shutdown()) {
      queue.close();
      closeLimit();
      finishIfWorkersGone();
    }
  }

  void terminate() {
    if (lifecycle.stop(null)) {
      closeLimit();
      // The work first: its futures fail and its tasks are stopped, so a task's call on a shared
      // object that lands in the moment the objects end cannot complete its future as a success
      // (on a cluster, a call that lands after the queue was destroyed makes Hazelcast create it
      // anew, empty). Then the objects: anyone else waiting in one wakes up.
      abortAll(false);
      shared.close();
    }
  }

  void broken(BrokenPoolException cause) {
    if (lifecycle.stop(cause)) {
      closeLimit();
      abortAll(true);
    }
  }

  /** A submit waiting for room in the queue wakes, and throws what a call on the ended pool throws. */
  private void closeLimit() {
    if (limit != null) {
      limit.close();
    }
  }

  /** A worker has exited: the last one ends the pool, if it no longer takes work. */
  void workerExited(WorkerSlot slot) {
    registry.exited(slot);
    queue.wake(); // a worker waiting to take a batch ahead may have waited for this one
    finishIfWorkersGone();
  }

  /** Ends the jobs of batches that went back to a queue that was terminated meanwhile. */
  void endNeverRun(List<WorkBatch> batches) {
    boolean broken = lifecycle.now().broken();
    for (WorkBatch batch : batches) {
      batch.job.abort(broken);
    }
  }

  /** Ends every job that is queued or running: the pool is terminating or broken. */
  private void abortAll(boolean broken) {
    for (WorkBatch batch : queue.terminate()) {
      batch.job.abort(broken);
    }
    registry.abortHeldAndStop(broken);
    finishIfWorkersGone();
  }

  /**
   * Once the pool no longer takes work and its last worker has exited: ends whatever work is left
   * with no worker to run it, and starts the thread that lets the backend release its workers and
   * resources, after which the pool is terminated.
   */
  private void finishIfWorkersGone() {
    if (!lifecycle.markWorkersGone()) {
      return;
    }
    List<WorkBatch> stranded = queue.terminate(); // empty unless a worker left without a successor
    if (!stranded.isEmpty()) {
      broken(new BrokenPoolException("Every worker of pool " + name + " exited while work was still queued", null));
      for (WorkBatch batch : stranded) {
        batch.job.abort(true);
      }
    }
    TimeoutWatchdog watchdog = timeouts;
    if (watchdog != null) {
      watchdog.wake();
    }
    // Not on a worker's thread, which could not wait for its own end, nor on a joiner's, whose
    // wait must stay bounded.
    Thread releasing = new Thread(this::releaseWorkers, name + "-closer");
    closer = releasing;
    releasing.start();
  }

  private void releaseWorkers() {
    try {
      shared.close();
      group.close();
      TimeoutWatchdog watchdog = timeouts;
      if (watchdog != null) {
        watchdog.awaitEnd();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lifecycle.terminated();
    }
  }

  /** Terminated, and the thread that released the workers has ended too. */
  boolean isTerminated() {
    Thread releasing = closer;
    return lifecycle.now().stage() == Lifecycle.Stage.TERMINATED && !releasing.isAlive();
  }

  /**
   * Waits up to {@code nanos} for the pool to terminate, also while it is still open, as
   * {@link java.util.concurrent.ExecutorService#awaitTermination} does; an interrupt ends the wait.
   */
  boolean awaitTermination(long nanos) throws InterruptedException {
    if (isTerminated()) {
      return true; // at once, also for an interrupted caller, as ThreadPoolExecutor answers (semantics 28)
    }
    long deadline = System.nanoTime() + nanos;
    if (!lifecycle.awaitTerminated(nanos)) {
      return false;
    }
    // The closer marks the pool terminated as its last act; wait for it to be gone too.
    Thread releasing = closer;
    if (releasing == Thread.currentThread()) {
      return true;
    }
    long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    TimeUnit.NANOSECONDS.timedJoin(releasing, Math.max(left, 1));
    return !releasing.isAlive();
  }

  /**
   * Waits for termination through interrupts, which are kept and restored at the end, like
   * Guava's {@code Uninterruptibles}; {@code onInterrupt}, if given, runs at each interrupt.
   *
   * @throws IllegalStateException if the pool is still open: it would never terminate
   */
  boolean awaitUninterruptibly(long nanos, Runnable onInterrupt) {
    if (lifecycle.now().stage() == Lifecycle.Stage.OPEN) {
      throw new IllegalStateException(
          "join() waits for a pool that is ending: call shutdown() or terminate() first");
    }
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
          return awaitTermination(left);
        } catch (InterruptedException e) {
          interrupted = true;
          if (onInterrupt != null) {
            onInterrupt.run();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs what completes the future of a timed-out task, off the watchdog's thread. */
  void completeTimedOut(Runnable completion) {
    timeouts.complete(completion);
  }
}
