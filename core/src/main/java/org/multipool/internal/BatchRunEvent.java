package org.multipool.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A batch held by a worker, from the moment it took the batch until it let go of it: a recording
 * shows each worker's batches on a timeline. Only {@link PoolEvents} touches this class, so that a
 * runtime without the {@code jdk.jfr} module never loads it.
 */
@Name("org.multipool.BatchRun")
@Label("Batch Run")
@Category("Multipool")
@Description("A batch of items that one worker of a pool took, ran and let go of")
@StackTrace(false)
final class BatchRunEvent extends Event {
  @Label("Pool")
  String pool;

  @Label("Worker")
  String worker;

  @Label("First Item")
  @Description("The index of the batch's first item within its call")
  long firstItem;

  @Label("Items")
  int items;

  /** Begins the event if recording is on; otherwise returns null and costs one check. */
  static Object begin(String pool, String worker, long firstItem, int items) {
    BatchRunEvent event = new BatchRunEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.pool = pool;
    event.worker = worker;
    event.firstItem = firstItem;
    event.items = items;
    event.begin();
    return event;
  }

  static void end(Object begun) {
    BatchRunEvent event = (BatchRunEvent) begun;
    event.end();
    if (event.shouldCommit()) {
      event.commit();
    }
  }
}
