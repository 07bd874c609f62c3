package org.multipool.internal;

import java.util.function.Supplier;

/**
 * The pool's Java Flight Recorder events, when the runtime has JFR. The module only
 * {@code requires static jdk.jfr}: on a runtime built without it, every method here does nothing,
 * and the event classes, which are the only ones that name JFR types, are never loaded.
 */
final class PoolEvents {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

  private PoolEvents() {}

  /** Begins the event of a batch a worker took; null when nothing records it. */
  static Object batchTaken(String pool, String worker, WorkBatch batch) {
    return AVAILABLE ? BatchRunEvent.begin(pool, worker, batch.base, batch.size()) : null;
  }

  /** Ends the event {@link #batchTaken} began, if it began one. */
  static void batchReleased(Object event) {
    if (event != null) {
      BatchRunEvent.end(event);
    }
  }

  static void workerLost(
      String pool, String worker, Supplier<? extends Throwable> cause, int batchesFailed, int batchesRequeued) {
    if (AVAILABLE) {
      WorkerLostEvent.commit(pool, worker, cause, batchesFailed, batchesRequeued);
    }
  }

  static void workerStarted(String pool, String worker, boolean replacement) {
    if (AVAILABLE) {
      WorkerStartedEvent.commit(pool, worker, replacement);
    }
  }
}
