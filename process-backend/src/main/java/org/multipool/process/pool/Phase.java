package org.multipool.process.pool;

/**
 * Where a worker JVM is in its life, as the pool sees it. It only moves forward, along
 * {@code LAUNCHED → CONNECTED → RUNNING → RETIRING | LEAVING}, and from any phase to {@code ENDED}
 * when the process has ended. Why the pool stopped a worker, if it did, is kept apart
 * ({@link WorkerJvm}): a stop can come in any phase, and what the end means depends on both.
 */
enum Phase {
  /** The process was started; it has not proved itself on the channel yet. */
  LAUNCHED,
  /** It proved itself; the pool sent the init and waits for ready. */
  CONNECTED,
  /** It is ready and takes batches. */
  RUNNING,
  /** It ran its {@code maxTasksPerWorker}; it was told bye, and a replacement takes its place. */
  RETIRING,
  /** The pool is shutting down; it was told bye. */
  LEAVING,
  /** The process has ended and everything it sent was read. */
  ENDED;

  /** Whether a worker may move from this phase to {@code next}. */
  boolean mayMoveTo(Phase next) {
    return switch (this) {
      case LAUNCHED -> next == CONNECTED || next == ENDED;
      case CONNECTED -> next == RUNNING || next == ENDED;
      case RUNNING -> next == RETIRING || next == LEAVING || next == ENDED;
      case RETIRING, LEAVING -> next == ENDED;
      case ENDED -> false;
    };
  }
}
