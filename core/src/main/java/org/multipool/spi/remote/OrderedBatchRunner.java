package org.multipool.spi.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The far side of the remote kit: runs the batches a remote worker is sent, one item at a time, in
 * the order of their numbers, and reports every outcome to a {@link BatchSink}. A worker JVM and a
 * cluster member each run one per worker; they bring the transport, the decoding and what killing
 * the far side means ({@link Stopping}); everything below is written once, here.
 *
 * <h2>Overview</h2>
 *
 * <ul>
 *   <li><b>Order.</b> Batches are numbered from 0 by their sender. They may arrive out of order
 *       (a cluster's calls overtake each other); each waits for its turn in {@link #offer}.
 *   <li><b>Skip point.</b> {@link #skip} marks the items of a batch from a position on: they do
 *       not begin, and are reported skipped. A skip may arrive before its batch; it is kept until
 *       the batch comes. The runner reads the mark afresh before every item. A batch stops at its
 *       first failed or timed-out item: the items after it are skipped (a {@code map} fails at its
 *       lowest failed item and an {@code imap} stream ends there, so they could not count).
 *   <li><b>Stop of the running item.</b> {@link #cancel} also stops the item that runs, if it is
 *       one of those skipped; per-item timeouts stop it the same way; {@link #stopAll} stops
 *       whatever runs. All go through one {@link InterruptibleTask} per item: the interrupt lands
 *       only while the item it was meant for runs, never in the next item or the runner's waits,
 *       and a stopped item's own outcome is dropped (a cancelled one is reported skipped, a timed
 *       out one timed out).
 *   <li><b>Grace.</b> With {@link Stopping#killAfter}, a cancelled or timed-out item that still
 *       runs after the grace kills the far side. A kill that returns (a worker inside a test's
 *       JVM) halts the runner: nothing more begins or is reported, and {@link #run} returns false.
 *   <li><b>Give-back.</b> {@link #takeBack} gives back a batch that has not begun, exactly once;
 *       a batch's {@link RemoteBatch#claim} may refuse it at its turn. Either way the sink hears
 *       {@link BatchSink#givenBack} when its turn comes, in order.
 * </ul>
 *
 * <p>Concurrency: the runner's thread calls {@link #run}; any thread calls the rest. The state
 * below is guarded by {@code lock}, which is never held while a sink, a batch or an interrupter
 * is called; a stopper decides on the item's own atomic word, after the skip mark is set.
 *
 * <pre>{@code
 * OrderedBatchRunner<Received> runner = new OrderedBatchRunner<>(sink, timer, Stopping.interruptOnly());
 * reader: runner.offer(batch); runner.cancel(seq, from); runner.close();
 * task thread: boolean clean = runner.run();
 * }</pre>
 *
 * @param <B> the backend's batches
 */
public final class OrderedBatchRunner<B extends RemoteBatch> {
  private final BatchSink<B> sink;
  private final StopTimer timer;
  private final Stopping stopping;
  private final Object lock = new Object();

  // Guarded by lock.
  /** Batches that arrived and wait for their turn, by number. */
  private final Map<Long, B> arrived = new HashMap<>();
  /** Skips that came before their batch, by number. */
  private final Map<Long, Integer> earlySkips = new HashMap<>();
  /** The number of the batch whose turn is next. */
  private long next;
  /** The batch that runs, from its turn until every item is reported. */
  private B running;
  /** No more batches come: {@link #run} ends once those it holds ran. */
  private boolean closed;
  /** Nothing more begins: every item held and to come is skipped. */
  private boolean stoppedAll;
  /** The item that runs was killed and the kill returned. */
  private boolean killed;

  /** Abandoned or killed: nothing more begins or is reported. Written under lock. */
  private volatile boolean halted;
  /** The item the runner's thread runs, or ran last; stoppers claim it. */
  private volatile Item current;

  /**
   * Makes a runner; one thread then calls {@link #run}.
   *
   * @param sink where outcomes go
   * @param timer delivers interrupts, timeouts and graces; the caller closes it
   * @param stopping what stopping an item means here
   */
  public OrderedBatchRunner(BatchSink<B> sink, StopTimer timer, Stopping stopping) {
    this.sink = sink;
    this.timer = timer;
    this.stopping = stopping;
  }

  /**
   * Hands over a batch; it runs when its turn comes.
   *
   * @param batch the batch
   * @return false if the runner takes no more batches (it was closed, abandoned or killed, or the
   *     batch's number is taken or past); the batch is then the caller's
   */
  public boolean offer(B batch) {
    synchronized (lock) {
      long seq = batch.seq();
      if (closed || halted || seq < next || arrived.containsKey(seq)) {
        return false;
      }
      Integer early = earlySkips.remove(seq);
      if (early != null) {
        batch.skip(early);
      }
      if (stoppedAll) {
        batch.skip(0);
      }
      arrived.put(seq, batch);
      lock.notifyAll();
      return true;
    }
  }

  /**
   * Items of batch {@code seq} from {@code from} on do not begin; one that runs runs on.
   *
   * @param seq the batch's number
   * @param from the first item to skip
   */
  public void skip(long seq, int from) {
    synchronized (lock) {
      B batch = running != null && running.seq() == seq ? running : arrived.get(seq);
      if (batch != null) {
        batch.skip(from);
      } else if (seq >= next) {
        earlySkips.merge(seq, from, Math::min); // it comes later
      } // else it ran to its end: nothing is left to skip
    }
  }

  /**
   * A {@code cancel(true)}: {@link #skip}s, and stops the running item if it is one of those
   * skipped. Returns at once; the interrupt is delivered on the timer's thread.
   *
   * @param seq the batch's number
   * @param from the first item to skip
   * @return true if the far side was killed at once (a grace of 0) and the kill returned
   */
  public boolean cancel(long seq, int from) {
    skip(seq, from); // first: an item not yet begun never begins, and one that did is claimed below
    Item item = current;
    if (item == null || item.batch.seq() != seq || item.index < from) {
      return false;
    }
    return stop(item, StopReason.CANCELLED, true);
  }

  /**
   * Gives back batch {@code seq} if it has not begun: its turn then only reports it
   * {@linkplain BatchSink#givenBack given back}.
   *
   * @param seq the batch's number
   * @return the batch if it had not begun, and now never will; null otherwise
   */
  public B takeBack(long seq) {
    B batch;
    synchronized (lock) {
      batch = arrived.get(seq);
    }
    return batch != null && batch.giveBack() ? batch : null;
  }

  /** The pool ends: nothing more begins, every batch held or to come is skipped, what runs is interrupted. */
  public void stopAll() {
    synchronized (lock) {
      stoppedAll = true;
      arrived.values().forEach(batch -> batch.skip(0));
      if (running != null) {
        running.skip(0);
      }
    }
    Item item = current;
    if (item != null) {
      stop(item, StopReason.STOPPED, false);
    }
  }

  /** No more batches come: {@link #run} returns once those it holds ran. */
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  /**
   * The far side ends now: nothing more begins or is reported, the running item is interrupted,
   * and {@link #run} returns once it ended. Every batch not reported whole is {@link
   * BatchSink#dropped}.
   */
  public void abandon() {
    synchronized (lock) {
      halted = true;
      lock.notifyAll();
    }
    stopAll();
  }

  /**
   * Whether the runner still takes work.
   *
   * @return false once it was closed, stopped, abandoned or killed
   */
  public boolean takesWork() {
    synchronized (lock) {
      return !closed && !stoppedAll && !halted;
    }
  }

  /**
   * Runs batches on the calling thread until the runner is closed and holds nothing, or is
   * abandoned or killed. An interrupt of this thread from outside is ignored: use
   * {@link #abandon}.
   *
   * @return true if it was closed and every batch offered ran; false if it was abandoned or
   *     killed, or closed while a batch waited for one that never came
   * @throws IOException if the sink threw it; the runner then ends
   */
  public boolean run() throws IOException {
    try {
      B batch;
      while ((batch = nextBatch()) != null) {
        if (runBatch(batch)) {
          synchronized (lock) {
            running = null;
          }
        }
      }
      synchronized (lock) {
        return closed && arrived.isEmpty() && running == null && !killed;
      }
    } finally {
      current = null;
      dropLeftovers();
    }
  }

  /** Waits for the batch whose turn it is; null once the runner is halted, or closed and it never comes. */
  private B nextBatch() {
    synchronized (lock) {
      while (!halted) {
        B batch = arrived.remove(next);
        if (batch != null) {
          next++;
          running = batch;
          return batch;
        }
        if (closed) {
          return null;
        }
        try {
          lock.wait();
        } catch (InterruptedException e) {
          // Nothing of the runner's interrupts this thread outside an item; a stray interrupt (a
          // thread a task left behind) must neither end the far side nor reach the next item.
        }
      }
      return null;
    }
  }

  /** Runs and reports one batch; false if the runner halted before its end. */
  private boolean runBatch(B batch) throws IOException {
    if (!batch.begin() || !batch.claim()) {
      sink.givenBack(batch);
      return true;
    }
    Throwable broken = batch.open();
    sink.started(batch);
    for (int index = 0; index < batch.size(); index++) {
      Item item = new Item(batch, index, broken);
      current = item; // before the item reads the skip mark: a cancel either sees it or is seen
      StopReason why = item.run();
      if (item.killed()) {
        synchronized (lock) {
          killed = true;
          halted = true;
        }
      }
      if (halted) {
        return false;
      }
      report(item, why);
    }
    sink.ended(batch);
    return true;
  }

  private void report(Item item, StopReason why) throws IOException {
    B batch = item.batch;
    int index = item.index;
    if (why == StopReason.TIMED_OUT) { // it ran: only an item that runs has a deadline
      sink.timedOut(batch, index);
      batch.skip(index + 1);
    } else if (why != null || item.skipped) {
      sink.skipped(batch, index); // whatever a stopped item did after the interrupt is not its outcome
    } else if (!item.ran) {
      sink.failed(batch, index, item.broken); // it may begin, but cannot
    } else if (item.failure != null) {
      sink.failed(batch, index, item.failure);
      batch.skip(index + 1);
    } else {
      sink.succeeded(batch, index, item.result);
    }
  }

  /**
   * Stops {@code item} if it runs: claims it and has the timer interrupt it (and, for a cancel or
   * a timeout, kill the far side after the grace), or kills at once with a grace of 0.
   *
   * @return true if the far side was killed at once and the kill returned
   */
  private boolean stop(Item item, StopReason why, boolean mayKill) {
    boolean kills = mayKill && stopping.kills();
    if (kills && stopping.killsAtOnce()) {
      return item.killNow(why, stopping.kill());
    }
    if (!item.claim(why)) {
      return false; // it ended, or another stop claimed it first
    }
    timer.execute(() -> item.deliverInterrupt(stopping.interrupter()));
    if (kills) {
      timer.schedule(() -> item.killIfStillRunning(stopping.kill()), stopping.graceNanos());
    }
    return false;
  }

  private void dropLeftovers() {
    List<B> dropped = new ArrayList<>();
    synchronized (lock) {
      closed = true; // whatever is offered from now on is refused
      if (running != null) {
        dropped.add(running);
        running = null;
      }
      dropped.addAll(arrived.values());
      arrived.clear();
      earlySkips.clear();
    }
    dropped.forEach(sink::dropped);
  }

  /** One item of a batch, run in its own interrupt window. */
  private final class Item extends InterruptibleTask {
    final B batch;
    final int index;
    final Throwable broken;
    /** It did not begin: it is at or after the skip point. */
    boolean skipped;
    boolean ran;
    Object result;
    Throwable failure;

    Item(B batch, int index, Throwable broken) {
      this.batch = batch;
      this.index = index;
      this.broken = broken;
    }

    @Override
    protected void runInterruptibly() {
      skipped = !batch.mayBegin(index);
      if (skipped || broken != null) {
        return;
      }
      ran = true;
      long timeout = batch.timeoutNanos();
      Future<?> deadline = timeout > 0 ? timer.schedule(() -> stop(this, StopReason.TIMED_OUT, true), timeout) : null;
      try {
        result = batch.call(index);
      } catch (Throwable t) { // every failure belongs to its item, not to the far side
        failure = t;
      } finally {
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
    }
  }
}
