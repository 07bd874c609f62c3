package org.multipool.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A worker the pool started: one of its first, or one that replaces a worker lost or retired.
 * Only {@link PoolEvents} touches this class.
 */
@Name("org.multipool.WorkerStarted")
@Label("Worker Started")
@Category("Multipool")
@Description("A worker a pool started, at its start or to replace one that was lost or retired")
@StackTrace(false)
final class WorkerStartedEvent extends Event {
  @Label("Pool")
  String pool;

  @Label("Worker")
  String worker;

  @Label("Replacement")
  @Description("Whether the worker replaces one that was lost or retired")
  boolean replacement;

  static void commit(String pool, String worker, boolean replacement) {
    WorkerStartedEvent event = new WorkerStartedEvent();
    if (event.shouldCommit()) {
      event.pool = pool;
      event.worker = worker;
      event.replacement = replacement;
      event.commit();
    }
  }
}
