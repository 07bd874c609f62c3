package org.multipool.cluster;

import com.hazelcast.cluster.Member;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.WorkerCrashedException;
import org.multipool.spi.Batch;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;

/**
 * One task slot of a pool, hosted by one member: a sender thread that takes batches and sends them
 * to the slot's lane on that member, at most {@link #IN_FLIGHT} at a time, and a reporter thread
 * that waits for their outcomes in order and reports them to the pool.
 *
 * <p>A slot ends when the pool no longer needs it, when it has run {@code maxTasksPerWorker}
 * items, when the pool moves it to another member, or when its member leaves the cluster; in all
 * but the first case the pool's {@link ClusterWorkers} starts a replacement before it exits.
 *
 * <p>This backend never reports an item as running ({@link RemoteWorker#started}): its items run in
 * batches on the member, which keeps their timeouts itself. So the pool calls {@link #stop()} only
 * when it terminates, and reaches a running task on {@code cancel(true)} through
 * {@link #skip}.
 */
final class ClusterSlot implements WorkerControl {
  /** Batches sent ahead per slot: one runs while the next is on its way. */
  static final int IN_FLIGHT = 2;
  /** How long a cancel waits for the member to hear of it. */
  private static final long CANCEL_WAIT_MILLIS = 2_000;

  /** A batch sent to the member. */
  private record Sent(Batch batch, long seq, String markerKey, CompletableFuture<byte[]> outcome, long sentAt) {}

  private final ClusterWorkers pool;
  private final Member member;
  private final LaneId lane;
  private RemoteWorker worker;

  // Guarded by this.
  private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
  private final Map<Batch, Integer> skipsBeforeSending = new IdentityHashMap<>();
  /** The batch the sender took and has not sent yet, if any. */
  private Batch unsent;
  /** The pool asked {@link #unsent} back before it was sent: it is not sent. */
  private boolean unsentAskedBack;
  private long nextSeq;
  private long itemsLeft;
  private boolean senderDone;
  private boolean lost;
  private boolean retiring;
  private List<Sent> sentWhenLost;

  private Thread sender;
  /** Open once {@link #settleLoss()} has told the pool everything: only then may the slot exit. */
  private final CountDownLatch lossReported = new CountDownLatch(1);

  ClusterSlot(ClusterWorkers pool, Member member, LaneId lane, long maxItems) {
    this.pool = pool;
    this.member = member;
    this.lane = lane;
    this.itemsLeft = maxItems;
  }

  Member member() {
    return member;
  }

  String label() {
    return lane.label();
  }

  void start(RemoteWorker assigned) {
    this.worker = assigned;
    sender = pool.newThread(label() + "-sender", this::sendBatches);
    Thread reporter = pool.newThread(label() + "-reporter", this::reportOutcomes);
    sender.start();
    reporter.start();
  }

  /** Whether the slot still counts where it is: not lost, not moving away. */
  synchronized boolean placed() {
    return !lost && !retiring;
  }

  /** Takes no more batches; once those sent have run, the pool starts a replacement elsewhere. */
  synchronized void retire() {
    retiring = true;
    notifyAll();
  }

  // ---- sending ----

  private void sendBatches() {
    try {
      while (true) {
        int maxItems;
        synchronized (this) {
          while (inFlight.size() >= IN_FLIGHT && !lost) {
            wait();
          }
          if (lost || retiring || itemsLeft == 0) {
            return;
          }
          maxItems = (int) Math.min(itemsLeft, Integer.MAX_VALUE);
        }
        Batch batch = worker.take(maxItems);
        if (batch == null) {
          return;
        }
        synchronized (this) {
          unsent = batch;
          unsentAskedBack = false;
        }
        send(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only the pool's own end interrupts it
    } finally {
      synchronized (this) {
        senderDone = true;
        notifyAll();
      }
    }
  }

  private void send(Batch batch) {
    byte[] payload;
    try {
      payload = pool.payloadOf(batch);
    } catch (SerializationException e) { // a split part, encoded only now
      for (int i = 0; i < batch.size(); i++) {
        worker.failed(batch, i, e);
      }
      return;
    }
    CompletableFuture<byte[]> outcome = new CompletableFuture<>();
    Sent sent;
    int skipFrom;
    boolean givenBack;
    synchronized (this) {
      givenBack = unsentAskedBack;
      unsent = null;
      unsentAskedBack = false;
    }
    if (givenBack) {
      worker.givenBack(batch); // never sent: it runs on the idle slot that asked for it
      return;
    }
    synchronized (this) {
      if (lost) {
        return; // never sent: lost() queues it again
      }
      // In flight before it leaves, so that a loss from now on settles it by its claim.
      long seq = nextSeq++;
      sent = new Sent(batch, seq, lane.key() + "#" + seq, outcome, System.nanoTime());
      inFlight.addLast(sent);
      itemsLeft -= batch.size();
      skipFrom = skipsBeforeSending.getOrDefault(batch, Integer.MAX_VALUE);
      skipsBeforeSending.remove(batch);
      notifyAll();
    }
    RunBatch run = new RunBatch(lane, sent.seq(), batch.size(), Math.min(skipFrom, batch.size()), payload,
        pool.initializer(), pool.timeoutNanos(), pool.objects().markerMapName(), sent.markerKey());
    try {
      pool.objects().run(run, member).whenComplete((result, failure) -> {
        if (failure != null) {
          outcome.completeExceptionally(failure);
        } else {
          outcome.complete(result);
        }
      });
    } catch (RuntimeException e) { // the member or this instance is gone; the reporter sorts it out
      outcome.completeExceptionally(e);
    }
  }

  // ---- reporting ----

  private void reportOutcomes() {
    try {
      Sent head;
      while ((head = nextSent()) != null) {
        byte[] outcome;
        try {
          outcome = head.outcome().get();
        } catch (ExecutionException e) {
          if (pool.memberGoneOrUnreachable(member, e)) {
            pool.memberLeft(member);
            continue; // the loss ended the slot: the loop ends at the next step
          }
          failAll(head.batch(), e.getCause());
          done(head);
          continue;
        } catch (CancellationException e) {
          failAll(head.batch(), e);
          done(head);
          continue;
        }
        report(head, outcome);
        done(head);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      end();
    }
  }

  /** The oldest batch sent, once there is one; null when the slot has ended. */
  private synchronized Sent nextSent() throws InterruptedException {
    while (inFlight.isEmpty() && !senderDone && !lost) {
      wait();
    }
    return lost ? null : inFlight.peekFirst();
  }

  private void done(Sent sent) {
    synchronized (this) {
      inFlight.remove(sent);
      notifyAll();
    }
    pool.objects().forgetMarker(sent.markerKey());
  }

  private void report(Sent sent, byte[] bytes) {
    Batch batch = sent.batch();
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
      return; // the slot was lost meanwhile and the batch is queued again
    }
    if (outcome.initializerFailure != null) {
      pool.initializerFailed(member, outcome.initializerFailure);
      return;
    }
    pool.tripTook(System.nanoTime() - sent.sentAt() - outcome.memberNanos);
    Object[] outcomes = outcome.outcomes;
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
    boolean replace;
    synchronized (this) {
      replace = lost || retiring || itemsLeft == 0;
    }
    if (lost) {
      Uninterruptibly.await(lossReported); // another thread may still be settling what the member had begun
    }
    if (!lost) {
      pool.objects().closeLane(member, lane);
    }
    try {
      if (replace) {
        pool.startReplacement();
      }
    } finally {
      pool.slotEnded(this);
      worker.exited();
    }
  }

  // ---- losing the member ----

  /**
   * First half of losing the member: the slot takes no more batches. False if it was lost already.
   * {@link #settleLoss()} then says what became of the batches it had sent.
   */
  synchronized boolean stopOnLoss() {
    if (lost) {
      return false;
    }
    lost = true;
    sentWhenLost = new ArrayList<>(inFlight);
    notifyAll();
    return true;
  }

  /**
   * The member left: the batches it had begun fail, the others run elsewhere. Which is which is
   * settled in the marker map, where the member claims a batch before it begins it.
   */
  void settleLoss() {
    List<Sent> sent;
    synchronized (this) {
      sent = sentWhenLost;
    }
    try {
      WorkerCrashedException crash = pool.crashOf(member, label());
      for (Sent batch : sent) {
        if (pool.objects().claimForRequeue(batch.markerKey())) {
          continue; // it never began there, and now never will: lost() queues it again
        }
        for (int i = 0; i < batch.batch().size(); i++) {
          worker.failed(batch.batch(), i, copyOf(crash));
        }
      }
      worker.lost(() -> copyOf(crash));
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

  @Override
  public void skip(Batch batch, int from, Skip why) {
    Sent sent;
    synchronized (this) {
      sent = sentFor(batch);
      if (sent == null) {
        skipsBeforeSending.merge(batch, from, Math::min); // take() asks before it hands the batch over
        return;
      }
    }
    LaneCommand command = LaneCommand.skip(lane, sent.seq(), from, why == Skip.CANCELLED_STOP_BEGUN);
    if (why == Skip.UNWANTED) {
      pool.objects().sendQuietly(member, command);
      return;
    }
    try {
      pool.objects().send(member, command).get(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's; keep it
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // the member is gone or slow: what it begins anyway is dropped by the pool
    }
  }

  /**
   * Gives a batch back to the pool if the member has not begun it (semantics 27). The batch's
   * marker decides, as for a lost member: the caller claims it first, or the member has claimed it
   * and runs it. A claimed batch is left out by the member's lane, and its outcome says so.
   */
  @Override
  public void takeBack(Batch batch) {
    Sent sent;
    synchronized (this) {
      sent = sentFor(batch);
      if (sent == null) {
        // Taken and not yet sent: send() gives it back. Otherwise it has its outcomes already.
        unsentAskedBack |= batch == unsent;
        return;
      }
    }
    pool.objects().claimForRequeueLater(sent.markerKey()).thenAccept(claimed -> {
      if (claimed) {
        worker.givenBack(batch);
      }
    });
  }

  /** Must hold the lock. The batch as sent, or null if it is not in flight. */
  private Sent sentFor(Batch batch) {
    for (Sent each : inFlight) {
      if (each.batch() == batch) {
        return each;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ClusterSlot[" + label() + " on " + member.getAddress() + "]";
  }
}
