package org.multipool.spi;

/**
 * What the pool may ask of one worker it did not start itself: stop the task it runs, and leave
 * out items it was sent but has not begun.
 *
 * <p>An in-JVM backend only needs {@link #stop()}, so a method reference does:
 *
 * <pre>{@code
 * Worker worker = work.newWorker(thread.getName(), thread::interrupt);
 * }</pre>
 */
@FunctionalInterface
public interface WorkerControl {

  /**
   * Stops whatever the worker is running right now: interrupts its thread or kills its process.
   *
   * <p>The pool calls it on {@code cancel(true)}, on a task timeout and on {@code terminate()}, at
   * most once per batch or timed-out task. It runs while the pool holds the worker's lock, which
   * is what keeps a stop from reaching the next task: it must return quickly and must not call
   * back into the {@link Worker}; report the death it causes later, from the thread that sees it.
   */
  void stop();

  /**
   * Says that the items of a batch this worker holds, from {@code from} to its end, will not be
   * counted any more: their task was cancelled, or their {@code map} failed before them.
   *
   * <p>The pool calls it when a batch held by this worker is cancelled or its map fails, and also
   * from {@link Worker#take} for a batch whose items were skipped while it was queued, before
   * {@code take} returns it. A backend that sent the batch ahead should tell its worker not to
   * begin them, and may wait briefly until the worker has heard, so that a cancelled task the
   * worker had not begun never runs; whatever it begins anyway is sorted out by {@link
   * Worker#started}, which answers {@code false} for these items. The pool calls this without
   * holding any lock of its own, possibly from a caller's thread that may be interrupted; it must
   * not wait for long, and must keep the thread's interrupt status. Does nothing by default.
   *
   * @param batch a batch this worker holds
   * @param from the first item to leave out
   * @return {@code false} if the worker had already begun one of those items, so it may still be
   *     running one, though the pool no longer counts it: the pool then stops the worker if the task
   *     was cancelled with {@code cancel(true)}
   */
  default boolean skip(Batch batch, int from) {
    return true;
  }
}
