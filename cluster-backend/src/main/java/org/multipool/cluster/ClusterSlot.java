package org.multipool.cluster;

import com.hazelcast.cluster.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.multipool.RemoteTaskException;
import org.multipool.WorkerCrashedException;
import org.multipool.cluster.SlotTransport.Trip;
import org.multipool.spi.Batch;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.Room;
import org.multipool.spi.remote.SendAheadWindow;

/**
 * One task slot of a pool, hosted by one member: a {@link SendAheadWindow} keeps up to
 * {@link #IN_FLIGHT} batches on their way to the slot's lane on that member, a sender thread feeds
 * it, and a reporter thread waits for the outcomes of the batch at its head, in order, and reports
 * them to the pool. {@link SlotTransport} carries what the window sends.
 *
 * <p>A slot ends when the pool no longer needs it, when it has run {@code maxTasksPerWorker}
 * items, when the pool moves it to another member, or when its member leaves the cluster; in all
 * but the first case the pool's {@link ClusterWorkers} starts a replacement before it exits.
 *
 * <p>This backend never reports an item as running ({@link RemoteWorker#started}): its items run in
 * batches on the member, which keeps their timeouts itself. So the pool calls {@link #stop()} only
 * when it terminates, and reaches a running task on {@code cancel(true)} through {@link #skip}.
 *
 * <p>Which thread tells the window what: the reporter, that a batch has its outcomes
 * ({@link SendAheadWindow#finished}); the reporter or the take-back's claim, whichever comes first,
 * that a batch was given back ({@link SendAheadWindow#givenBack}, which acts once); the thread that
 * sees the member leave, the loss ({@link #stopOnLoss}, then {@link #settleLoss}).
 */
final class ClusterSlot implements WorkerControl {
  /** Batches sent ahead per slot: one runs while the next is on its way. */
  static final int IN_FLIGHT = 2;
  /** How long a cancel waits for the member to hear of it. */
  private static final long CANCEL_WAIT_MILLIS = 2_000;

  private final ClusterWorkers pool;
  private final Member member;
  private final LaneId lane;
  private final int maxItems;
  private final SlotTransport transport;
  private final SendAheadWindow<Trip> window;
  private final AtomicBoolean lost = new AtomicBoolean();
  /** The pool moves the slot to another member: it takes no more batches. */
  private volatile boolean retiring;
  /** The slot ran its {@code maxTasksPerWorker} items. */
  private volatile boolean usedUp;
  private volatile RemoteWorker worker;
  private volatile Thread sender;
  /** Open once {@link #settleLoss()} has told the pool everything: only then may the slot exit. */
  private final CountDownLatch lossReported = new CountDownLatch(1);

  ClusterSlot(ClusterWorkers pool, Member member, LaneId lane, int maxItems) {
    this.pool = pool;
    this.member = member;
    this.lane = lane;
    this.maxItems = maxItems;
    this.transport = new SlotTransport(pool, member, lane);
    this.window = new SendAheadWindow<>(transport, Room.fixed(IN_FLIGHT));
    transport.serve(window);
  }

  Member member() {
    return member;
  }

  String label() {
    return lane.label();
  }

  void start(RemoteWorker assigned) {
    worker = assigned;
    window.attach(assigned);
    sender = pool.newThread(label() + "-sender", this::sendBatches);
    Thread reporter = pool.newThread(label() + "-reporter", this::reportOutcomes);
    sender.start();
    reporter.start();
  }

  /** Whether the slot still counts where it is: not lost, not moving away. */
  boolean placed() {
    return !lost.get() && !retiring;
  }

  /** Takes no more batches; once those sent have run, the pool starts a replacement elsewhere. */
  void retire() {
    retiring = true;
    window.stop();
  }

  // ---- sending ----

  private void sendBatches() {
    try {
      usedUp = window.runSender(maxItems) == SendAheadWindow.End.USED_UP;
    } catch (IOException e) {
      throw new UncheckedIOException("The slot's transport throws none", e);
    }
  }

  // ---- reporting ----

  private void reportOutcomes() {
    try {
      InFlightBatch<Trip> head;
      while ((head = window.awaitHead()) != null) {
        settle(head);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only the pool's own end interrupts it
    } finally {
      end();
    }
  }

  /** Waits for the head's outcome and reports it, or the loss of the member. */
  private void settle(InFlightBatch<Trip> head) throws InterruptedException {
    byte[] outcome;
    try {
      outcome = head.local().outcome.get();
    } catch (ExecutionException e) {
      if (pool.memberGoneOrUnreachable(member, e)) {
        pool.memberLeft(member); // closes the window: the reporter ends at the next step
        return;
      }
      failAll(head.batch(), e.getCause());
      finish(head);
      return;
    } catch (CancellationException e) {
      failAll(head.batch(), e);
      finish(head);
      return;
    }
    report(head, outcome);
    finish(head);
  }

  /** The batch has its outcomes: the next one is the head, and its marker is not needed any more. */
  private void finish(InFlightBatch<Trip> held) {
    window.finished(held);
    pool.objects().forgetMarker(transport.markerKey(held));
  }

  private void report(InFlightBatch<Trip> held, byte[] bytes) {
    Batch batch = held.batch();
    BatchOutcome outcome;
    try {
      outcome = (BatchOutcome) Outcomes.deserialize(bytes, pool.loader());
    } catch (IOException | ClassNotFoundException e) {
      failAll(batch, new RemoteTaskException(e.getClass().getName(),
          "The outcomes sent by member " + member.getAddress() + " cannot be read here: " + Outcomes.describe(e),
          e.getStackTrace()));
      return;
    }
    if (outcome.notRun) {
      // The caller claimed it before the member could: a take-back, whose claim may not have
      // reached the window yet. Whichever comes first gives it back; the window does it once.
      window.givenBack(held.seq());
      return;
    }
    if (outcome.initializerFailure != null) {
      pool.initializerFailed(member, outcome.initializerFailure);
      return;
    }
    pool.tripTook(System.nanoTime() - held.local().sentAt - outcome.memberNanos);
    reportItems(batch, outcome.outcomes);
  }

  private void reportItems(Batch batch, Object[] outcomes) {
    int runStart = -1;
    for (int i = 0; i <= outcomes.length; i++) {
      boolean success = i < outcomes.length
          && !(outcomes[i] instanceof Outcomes.Failed) && outcomes[i] != Outcomes.Skipped.SKIPPED;
      if (success) {
        if (runStart < 0) {
          runStart = i;
        }
        continue;
      }
      if (runStart >= 0) {
        worker.succeededRun(batch, runStart, Arrays.copyOfRange(outcomes, runStart, i), i - runStart);
        runStart = -1;
      }
      if (i == outcomes.length) {
        break;
      }
      // An item the member left out was skipped by the pool first (a cancel, a failure before it,
      // the end of the pool); the pool drops this outcome for it, and counts it as never run.
      worker.failed(batch, i, outcomes[i] instanceof Outcomes.Failed failed
          ? failed.cause()
          : new CancellationException("The member left this task out"));
    }
  }

  private void failAll(Batch batch, Throwable cause) {
    for (int i = 0; i < batch.size(); i++) {
      worker.failed(batch, i, cause);
    }
  }

  /** Last act of the reporter: closes the lane, starts a replacement if one is due, and exits. */
  private void end() {
    Uninterruptibly.join(sender);
    boolean wasLost = lost.get();
    if (wasLost) {
      Uninterruptibly.await(lossReported); // another thread may still be settling what the member had begun
    } else {
      pool.objects().closeLane(member, lane);
    }
    window.clear();
    try {
      if (wasLost || retiring || usedUp) {
        pool.startReplacement();
      }
    } finally {
      pool.slotEnded(this);
      worker.exited();
    }
  }

  // ---- losing the member ----

  /**
   * First half of losing the member: the slot takes no more batches, and its reporter stops
   * waiting for outcomes. False if it was lost already. {@link #settleLoss()} then says what
   * became of the batches it had sent.
   */
  boolean stopOnLoss() {
    if (!lost.compareAndSet(false, true)) {
      return false;
    }
    window.close();
    return true;
  }

  /**
   * The member left: the batches it had begun fail, the others run elsewhere. Which is which is
   * settled in the marker map, where the member claims a batch before it begins it.
   */
  void settleLoss() {
    try {
      WorkerCrashedException crash = pool.crashOf(member, label());
      window.settleLoss(() -> copyOf(crash));
    } finally {
      lossReported.countDown();
    }
  }

  /** A fresh exception for each item, so that no two futures share one. */
  private static WorkerCrashedException copyOf(WorkerCrashedException crash) {
    return new WorkerCrashedException(crash.getMessage(), crash.pid(), crash.exitCode());
  }

  // ---- WorkerControl ----

  /** Called only when the pool terminates (see the class comment): the lane stops everything. */
  @Override
  public void stop() {
    pool.objects().sendQuietly(member, LaneCommand.stopAll(lane));
  }

  /**
   * Tells the lane not to begin the items of a batch it was sent; a batch not sent yet carries the
   * skip. For a cancel, waits until the member has heard (at most {@value #CANCEL_WAIT_MILLIS} ms,
   * and not again for a member that let one such wait run out until it answers), so a cancelled
   * task it had not begun never runs.
   */
  @Override
  public void skip(Batch batch, int from, Skip why) {
    InFlightBatch<Trip> held = window.skip(batch, from, why);
    if (held != null && why != Skip.UNWANTED) {
      window.awaitAnswer(held, from, CANCEL_WAIT_MILLIS); // a member that is slow: what it begins is dropped
    }
  }

  /**
   * Gives a batch back to the pool if the member has not begun it (semantics 27), through the
   * window, which asks once; {@link SlotTransport#sendTakeBack} settles it by the batch's marker.
   */
  @Override
  public void takeBack(Batch batch) {
    window.takeBack(batch);
  }

  @Override
  public String toString() {
    return "ClusterSlot[" + label() + " on " + member.getAddress() + "]";
  }
}
