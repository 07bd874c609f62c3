package org.multipool.spi.remote;

import java.io.IOException;
import java.util.function.Supplier;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.remote.WindowState.Removed;
import org.multipool.spi.remote.WindowState.Skipped;

/**
 * The batches a remote worker holds, in sending order, and what the pool may still ask of them:
 * the caller's side of every backend whose workers live elsewhere.
 *
 * <p>One sender thread runs {@link #runSender}: it takes batches from the pool while there is
 * {@link Room}, numbers them and has the {@link WindowTransport} send them. Whatever thread hears
 * from the worker feeds the window what came back: {@link #began}, {@link #finished},
 * {@link #givenBack}, {@link #answered}. The pool's {@link org.multipool.spi.WorkerControl} calls
 * go to {@link #skip} and {@link #takeBack}. The window decides under its lock and calls the
 * transport and the {@link RemoteWorker} after releasing it.
 *
 * <p>A batch's way, and what a skip or a take-back does at each point of it:
 *
 * <pre>
 * taken ──▶ added (numbered; the head if first) ──▶ sent ──▶ begun ──▶ finished
 *   skip:      kept; the batch's message carries it    sent now   sent now
 *   take-back: not sent at all, given back at once     asked now  refused
 *   (while the batch is being sent, its sender sends both after it)
 * </pre>
 *
 * <p>The far side runs its batches in order, so the first one is the one that runs: the head.
 * When the worker is lost, {@link #settleLoss} splits what it held: what began fails, what never
 * began (the transport makes sure it never will) runs elsewhere.
 *
 * <pre>{@code
 * SendAheadWindow<byte[]> window = new SendAheadWindow<>(transport, Room.fixed(2));
 * window.attach(worker);
 * SendAheadWindow.End end = window.runSender(config.maxTasksPerWorker());  // the sender thread
 * window.finished(window.head());   // the thread that reads the worker's outcomes
 * }</pre>
 *
 * @param <T> what the transport makes of a batch before it is sent
 * @since 0.1.0
 */
public final class SendAheadWindow<T> {
  /** Why {@link #runSender} returned. */
  public enum End {
    /** The worker ran the most items it may ({@code maxTasksPerWorker}). */
    USED_UP,
    /** The pool has no more work for this worker. */
    NO_MORE_WORK,
    /** The worker was stopped, lost or ended: it takes no more batches. */
    STOPPED
  }

  private final WindowTransport<T> transport;
  private final WindowState<T> state;
  private volatile RemoteWorker worker;

  /**
   * Makes a window; {@link #attach} it to its worker before the sender runs.
   *
   * @param transport how batches, skips and take-backs reach the worker
   * @param room how many batches may be in flight
   */
  public SendAheadWindow(WindowTransport<T> transport, Room room) {
    this.transport = transport;
    this.state = new WindowState<>(room);
  }

  /**
   * Attaches the pool's side of the worker, once the pool has registered it.
   *
   * @param registered what {@link org.multipool.spi.WorkSource#newRemoteWorker} returned
   */
  public void attach(RemoteWorker registered) {
    this.worker = registered;
  }

  // ---- the sender ----

  /**
   * Takes batches and sends them, keeping as many in flight as the room allows, until the worker
   * has run {@code maxItems} items, the pool has no more work for it, or it is stopped. A batch
   * that cannot be prepared fails here, item by item. Run it on one thread per worker.
   *
   * @param maxItems the most items the worker may run, or {@link PoolConfig#UNLIMITED_TASKS}
   * @return why it returned
   * @throws IOException if the transport could not send a batch
   */
  public End runSender(int maxItems) throws IOException {
    return new SendLoop<>(state, transport, worker).run(maxItems);
  }

  /**
   * Waits until every batch sent has its outcomes or was given back.
   *
   * @return false if the worker ended first
   */
  public boolean awaitAllOutcomes() {
    return state.awaitAllOutcomes();
  }

  // ---- what the pool asks ----

  /**
   * Marks the items of {@code batch} from {@code from} on as not to run, and has the transport tell
   * the far side if it has the batch and did not know yet; a batch not sent yet carries the skip.
   *
   * @param batch a batch the worker holds
   * @param from the first item not to run
   * @param why why; {@link Skip#CANCELLED_STOP_BEGUN} also stops the item that runs, if it is one
   *     of them
   * @return the batch in flight, to {@link #awaitAnswer} for; null if it was not added yet
   */
  public InFlightBatch<T> skip(Batch batch, int from, Skip why) {
    Skipped<T> skipped = state.skip(batch, from, why == Skip.CANCELLED_STOP_BEGUN);
    if (skipped == null) {
      return null;
    }
    if (skipped.send()) {
      transport.sendSkip(skipped.held(), skipped.from(), skipped.stopIfRunning(), why);
    }
    return skipped.held();
  }

  /**
   * Waits until the far side has {@linkplain #answered answered} a skip of {@code held} from
   * {@code from} on, the batch has all its outcomes, or the worker has ended: at most
   * {@code millis}. A worker that leaves a skip unanswered that long is not waited for again until
   * it answers one: its answers may be stuck behind a slow callback. Keeps the interrupt status.
   *
   * @param held what {@link #skip} returned
   * @param from the first item skipped
   * @param millis the longest wait
   * @return false if this wait found the worker late, the first time since its last answer
   */
  public boolean awaitAnswer(InFlightBatch<T> held, int from, long millis) {
    return state.awaitAnswer(held, from, millis);
  }

  /**
   * Asks for a batch back, for a worker that is idle (semantics 27), exactly once: a batch not yet
   * added is given back by the sender without being sent; one being sent is asked back once it is
   * out; one sent is asked back now; one the far side began is not asked back.
   *
   * @param batch a batch the worker holds
   */
  public void takeBack(Batch batch) {
    InFlightBatch<T> ask = state.takeBack(batch);
    if (ask != null) {
      transport.sendTakeBack(ask);
    }
  }

  // ---- what comes back ----

  /**
   * Returns the batch at the head: the one the far side runs, or begins next.
   *
   * @return the head, or null if the worker holds none
   */
  public InFlightBatch<T> head() {
    return state.head();
  }

  /**
   * Waits for a batch at the head.
   *
   * @return the head; null once the worker was closed or lost, or once the sender has returned and
   *     every batch has its outcomes
   * @throws InterruptedException if interrupted while waiting
   */
  public InFlightBatch<T> awaitHead() throws InterruptedException {
    return state.awaitHead();
  }

  /**
   * The far side began {@code held}: from now on it is not given back.
   *
   * @param held a batch in flight
   */
  public void began(InFlightBatch<T> held) {
    state.began(held);
  }

  /**
   * {@code held} has all its outcomes: takes it off; if it was the head, the next batch begins
   * ({@link WindowTransport#headBegins}). Does nothing for a batch already off, or being
   * {@linkplain #givenBack given back}.
   *
   * @param held a batch in flight
   * @return the batch at the head now, or null
   */
  public InFlightBatch<T> finished(InFlightBatch<T> held) {
    Removed<T> removed = state.remove(held, false);
    if (removed.newHead() != null) {
      transport.headBegins(removed.newHead());
    }
    return state.head();
  }

  /**
   * The far side gave back batch {@code seq}, unbegun: reports it to the pool, which runs it on an
   * idle worker, then takes it off. Whichever thread calls first for a batch reports it; the others
   * get false.
   *
   * <p>The batch keeps its room until the pool has queued it again, at the front: a sender that
   * found room first would take a later batch and hold it ahead of this one, which could then wait
   * behind a long task while no worker is idle to ask for it. Meanwhile {@link #finished} leaves it
   * where it is.
   *
   * @param seq the batch's sequence number
   * @return false if the pool did not ask for it, the far side had begun it, or it was given back
   *     already: a far side that says so twice breaks the protocol
   */
  public boolean givenBack(int seq) {
    InFlightBatch<T> held = state.claimGiveBack(seq);
    if (held == null) {
      return false;
    }
    worker.givenBack(held.batch());
    Removed<T> removed = state.remove(held, true);
    if (removed.newHead() != null) {
      transport.headBegins(removed.newHead());
    }
    return true;
  }

  /**
   * The far side has received a skip of batch {@code seq} from {@code from} on.
   *
   * @param seq the batch's sequence number
   * @param from the first item it leaves out
   */
  public void answered(int seq, int from) {
    state.answered(seq, from);
  }

  // ---- the end ----

  /** The worker takes no more batches; those in flight still run. */
  public void stop() {
    state.stop();
  }

  /**
   * Whether the worker takes no more batches.
   *
   * @return true once {@link #stop} or {@link #close} was called
   */
  public boolean stopped() {
    return state.stopped();
  }

  /**
   * Whether the worker has ended.
   *
   * @return true once {@link #close} or {@link #settleLoss} was called
   */
  public boolean closed() {
    return state.closed();
  }

  /**
   * The worker has ended, or was lost: nothing more is sent, and every thread that waits for it
   * wakes.
   *
   * @return false if it was closed already
   */
  public boolean close() {
    return state.close();
  }

  /**
   * Tells the pool the worker was lost, with what became of the batches it held: a batch the far
   * side began fails, and so does one whose {@link WindowTransport#claimUntouched} fails; the
   * others the pool runs elsewhere ({@link RemoteWorker#lost}). Closes the window first.
   *
   * @param failure makes the exception for each item that fails
   */
  public void settleLoss(Supplier<? extends Throwable> failure) {
    // A batch the window saw begin is not among these: the pool fails it, as it heard of its starts.
    for (InFlightBatch<T> held : state.closeForLoss()) {
      if (!transport.claimUntouched(held)) {
        Batch batch = held.batch();
        for (int item = 0; item < batch.size(); item++) {
          worker.failed(batch, item, failure.get());
        }
      }
    }
    worker.lost(failure);
  }

  /** Forgets every batch: each has its outcome or is queued again. */
  public void clear() {
    state.clear();
  }
}
