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
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WorkerControl {

  /**
   * Stops whatever the worker is running right now: interrupts its thread or kills its process.
   *
   * <p>The pool calls it on a task timeout and on {@code terminate()}, and through
   * {@link #cancelRunning()} on {@code cancel(true)}, at most once per batch or timed-out task.
   * The pool decides under its own lock and calls this after releasing it, holding none of its
   * locks, possibly on its timeout watchdog's thread, which keeps every other task's deadline: so
   * this must not block (start what takes long, such as waiting for the worker to end, on a thread
   * of its own) and may report the death it causes only later, from the thread that sees it.
   *
   * <p>The task it was meant for may have ended between the pool's decision and this call. A worker
   * that runs its batches in this JVM through {@link LocalWorker#run} is held at the end of that task
   * until this call returns, and its interrupt is cleared then, so an interrupt sent here never
   * reaches the next task. A backend whose worker runs elsewhere must make a late stop hit nothing
   * but that task, or, if it ends the whole worker (kills its process), report it with
   * {@link RemoteWorker#lost}, which fails only the items that worker had begun.
   */
  void stop();

  /**
   * Stops the task the worker runs because the user cancelled it with {@code cancel(true)} (or
   * closed its {@code imap} stream); its future is cancelled already.
   *
   * <p>Called as {@link #stop()} is, after the pool's lock for this worker is released, and at most
   * once per batch; it must not block either. Always followed by {@link #skip} with
   * {@link Skip#CANCELLED_STOP_BEGUN} for that batch. A {@code terminate()} or a task timeout that
   * comes later still calls {@link #stop()}. By default this is {@link #stop()}. A backend whose worker hears of the cancel through that skip
   * and stops the task there itself (gently first, say: an interrupt, then a kill if the task does
   * not end) may do nothing here.
   *
   * @since 0.1.0
   */
  default void cancelRunning() {
    stop();
  }

  /**
   * Says that the items of a batch this worker holds, from {@code from} to its end, will not be
   * counted any more, and why.
   *
   * <p>The pool calls it when a batch held by this worker is cancelled or its map fails, and also
   * from {@link Worker#take} for a batch whose items were skipped while it was queued, before
   * {@code take} returns it. A backend that sent the batch ahead should tell its worker not to
   * begin them; {@code why} says how hard to try (see {@link Skip}). Whatever the worker begins
   * anyway is sorted out by {@link RemoteWorker#started}, which answers {@code false} for these items.
   * The pool calls this without holding any lock of its own, possibly from a caller's thread that
   * may be interrupted; it must not wait for long, and must keep the thread's interrupt status.
   * Does nothing by default.
   *
   * @param batch a batch this worker holds
   * @param from the first item to leave out
   * @param why why they are left out
   */
  default void skip(Batch batch, int from, Skip why) {}

  /**
   * Asks the worker to give back a batch it holds ahead and has not begun, because another worker
   * is idle and could run it now (semantics 27: no task waits while a worker is free).
   *
   * <p>The pool asks at most once per batch and holder, without holding any lock of its own, on
   * the thread of the idle worker's {@link Worker#take}; this must not wait for the worker's
   * answer. If the worker can promise that it will never begin any item of the batch, the backend
   * reports {@link RemoteWorker#givenBack} (later, from whichever thread hears the answer) and the batch
   * runs elsewhere; if it has begun the batch, or cannot tell, the backend reports nothing and the
   * batch stays. So every item still runs exactly once. Does nothing by default, which suits a
   * backend that never takes a batch ahead of the one it runs.
   *
   * <pre>{@code
   * public void takeBack(Batch batch) {
   *   channel.send(new TakeBackFrame(seqOf(batch)));   // the answer calls worker.givenBack(batch)
   * }
   * }</pre>
   *
   * @param batch a batch this worker holds, none of whose items it has reported
   * @since 0.1.0
   */
  default void takeBack(Batch batch) {}

  /** Why items are skipped, which tells a backend that sent them ahead what it owes the caller. */
  enum Skip {
    /**
     * Their results are no longer wanted: a {@code map} failed at an earlier item, or they were
     * skipped while still queued, before the backend could send them (from {@link Worker#take}).
     * Tell the worker if it has them, but do not wait for it; a result they bring is dropped.
     */
    UNWANTED,
    /**
     * {@code cancel(false)}: a task the worker has not begun must never run. Return only once the
     * worker has heard (or after a short bound, if it does not answer); one it had begun already
     * runs to its end, and its result is dropped.
     */
    CANCELLED,
    /**
     * {@code cancel(true)}, or an {@code imap} stream closed early: as {@link #CANCELLED}, and if
     * the worker is running one of these items already, stop it as if the pool had known it ran,
     * even when that comes to light after this method returned; but never the task after it.
     */
    CANCELLED_STOP_BEGUN
  }
}
