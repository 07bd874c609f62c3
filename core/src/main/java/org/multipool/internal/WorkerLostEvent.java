package org.multipool.internal;

import java.util.function.Supplier;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A worker that crashed or was stopped while it held work. Only {@link PoolEvents} touches this class. */
@Name("org.multipool.WorkerLost")
@Label("Worker Lost")
@Category("Multipool")
@Description("A worker of a pool that crashed, ran a task past its timeout, or was stopped by a cancel")
@StackTrace(false)
final class WorkerLostEvent extends Event {
  @Label("Pool")
  String pool;

  @Label("Worker")
  String worker;

  @Label("Cause")
  String cause;

  @Label("Batches Failed")
  @Description("Batches the worker had begun: their items without an outcome failed")
  int batchesFailed;

  @Label("Batches Requeued")
  @Description("Batches the worker held but had not begun: they went back to the queue")
  int batchesRequeued;

  /** Commits the event if recording is on; only then is the cause made. */
  static void commit(
      String pool, String worker, Supplier<? extends Throwable> cause, int batchesFailed, int batchesRequeued) {
    WorkerLostEvent event = new WorkerLostEvent();
    if (event.shouldCommit()) {
      event.pool = pool;
      event.worker = worker;
      event.cause = String.valueOf(cause.get());
      event.batchesFailed = batchesFailed;
      event.batchesRequeued = batchesRequeued;
      event.commit();
    }
  }
}
