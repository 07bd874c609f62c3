package org.multipool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.multipool.TaskFunction;
import org.multipool.spi.WorkerControl.Skip;

/**
 * The work of one {@code submit}, {@code map} or {@code imap} call: the function, which items may
 * still be skipped, and what to do when a batch of its items is finished.
 */
abstract class Job {
  final CorePool pool;
  final TaskFunction<Object, Object> function;

  private static final VarHandle SKIP_ABOVE;

  static {
    try {
      SKIP_ABOVE = MethodHandles.lookup().findVarHandle(Job.class, "skipAbove", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Items with a larger index are not run: {@code -1} once the job is cancelled, the lowest failed
   * index for jobs that stop at their first failure. Read before every item with an opaque read:
   * it sees a change soon, without the ordering cost of a volatile read in the hottest loop.
   */
  @SuppressWarnings("unused") // accessed through SKIP_ABOVE
  private long skipAbove = Long.MAX_VALUE;

  @SuppressWarnings("unchecked")
  Job(CorePool pool, TaskFunction<?, ?> function) {
    this.pool = pool;
    this.function = (TaskFunction<Object, Object>) function;
  }

  final boolean skips(long index) {
    return index > (long) SKIP_ABOVE.getOpaque(this);
  }

  final synchronized void skipAll() {
    SKIP_ABOVE.setVolatile(this, -1L);
  }

  /** Skips the items after {@code index}; true if that skips more than before. */
  final synchronized boolean skipAfter(long index) {
    if (index < (long) SKIP_ABOVE.getVolatile(this)) {
      SKIP_ABOVE.setVolatile(this, index);
      return true;
    }
    return false;
  }

  /** The index above which items are skipped. */
  final long skipAbove() {
    return (long) SKIP_ABOVE.getVolatile(this);
  }

  /** The user cancelled the job: run none of what is left, and stop what runs if asked to. */
  final void cancelled(boolean interruptRunning) {
    skipAll();
    leftQueue();
    if (interruptRunning) {
      pool.registry().stopRunning(this);
    }
    pool.registry().skipHeld(this, interruptRunning ? Skip.CANCELLED_STOP_BEGUN : Skip.CANCELLED);
    pool.queue().jobCancelled(); // what it left queued may be swept out now
  }

  /**
   * A batch of this job left the queue for a worker, or the job will never run (it was cancelled,
   * ended by the pool, or its call failed before it was queued): a submitted task gives back its
   * place in the pool's limit of queued tasks (semantics 31). Called more than once; only the first
   * call counts.
   */
  void leftQueue() {}

  /** An item failed; called before that item's batch is resolved. */
  void itemFailed(long index, Throwable cause) {}

  /** {@code count} more items of this job have an outcome; called before their batch may finish. */
  void itemsResolved(int count) {}

  /** Every item of {@code batch} has an outcome, or was skipped. Called once per batch. */
  abstract void batchFinished(WorkBatch batch);

  /** The pool was terminated ({@code broken == false}) or broke: end the job now. */
  abstract void abort(boolean broken);
}
