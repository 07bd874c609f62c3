package org.multipool.cluster;

import com.hazelcast.cluster.Member;
import java.util.concurrent.CompletableFuture;
import org.multipool.spi.Batch;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.SendAheadWindow;
import org.multipool.spi.remote.WindowTransport;

/**
 * How one {@link ClusterSlot}'s window reaches the slot's lane on its member: a batch goes as a
 * {@link RunBatch} call, whose answer is the batch's outcome; a skip goes as a {@link LaneCommand};
 * a take-back and a loss are settled by the batch's marker, which the member claims before it
 * begins the batch and the caller claims to keep it from ever beginning there.
 *
 * <p>The window never hears that a batch began ({@link SendAheadWindow#began}): only the marker
 * knows, and a batch the window thought begun would be queued again by a loss without its marker
 * being asked. Every answer is fed to the window from the thread that hears it, with no lock held:
 * a skip's answer and a take-back's claim on Hazelcast's threads, a batch's outcome on the slot's
 * reporter.
 */
final class SlotTransport implements WindowTransport<SlotTransport.Trip> {
  /** A batch's bytes, and its trip to the member and back. */
  static final class Trip {
    final byte[] payload;
    /** Completes with the member's serialized {@link BatchOutcome}, or with why the call failed. */
    final CompletableFuture<byte[]> outcome = new CompletableFuture<>();
    volatile long sentAt;

    Trip(byte[] payload) {
      this.payload = payload;
    }
  }

  private final ClusterWorkers pool;
  private final Member member;
  private final LaneId lane;
  private volatile SendAheadWindow<Trip> window;

  SlotTransport(ClusterWorkers pool, Member member, LaneId lane) {
    this.pool = pool;
    this.member = member;
    this.lane = lane;
  }

  /** The window this transport serves, which hears the answers. */
  void serve(SendAheadWindow<Trip> served) {
    this.window = served;
  }

  /** Where the member and the caller claim a batch. */
  String markerKey(InFlightBatch<Trip> held) {
    return lane.key() + "#" + held.seq();
  }

  /** Encodes the batch if the pool has not (a split part); one that cannot be encoded fails here. */
  @Override
  public Trip prepare(Batch batch) {
    return new Trip(pool.payloadOf(batch));
  }

  /** Never throws: a call that cannot be made fails the trip, and the reporter sorts it out. */
  @Override
  public void send(InFlightBatch<Trip> sending, int skipFrom) {
    Trip trip = sending.local();
    trip.sentAt = System.nanoTime();
    RunBatch run = new RunBatch(lane, sending.seq(), sending.batch().size(), skipFrom, trip.payload,
        pool.initializer(), pool.timeoutNanos(), pool.objects().markerMapName(), markerKey(sending));
    try {
      pool.objects().run(run, member).whenComplete((result, failure) -> {
        if (failure != null) {
          trip.outcome.completeExceptionally(failure);
        } else {
          trip.outcome.complete(result);
        }
      });
    } catch (RuntimeException e) { // the member or this instance is gone
      trip.outcome.completeExceptionally(e);
    }
  }

  /**
   * Sends the skip and waits for nothing: the window hears the member's answer, or that none will
   * come, and {@link ClusterSlot#skip} waits for that where the pool wants it.
   */
  @Override
  public void sendSkip(InFlightBatch<Trip> held, int from, boolean stopIfRunning, Skip why) {
    int seq = held.seq();
    pool.objects().command(member, LaneCommand.skip(lane, seq, from, stopIfRunning))
        .whenComplete((hosted, failure) -> window.answered(seq, from)); // a member that failed to hear is gone
  }

  /**
   * Gives the batch back if the member has not begun it (semantics 27): the caller claims its
   * marker first, or the member has claimed it and runs it. The lane leaves out a batch the caller
   * claimed, and says so in its outcome; whichever of the claim and that outcome comes first tells
   * the window (see {@link ClusterSlot}). The marker goes once the lane has passed the batch, so
   * that it can never claim it after all.
   */
  @Override
  public void sendTakeBack(InFlightBatch<Trip> held) {
    String key = markerKey(held);
    pool.objects().claimForRequeueLater(key).thenAccept(claimed -> {
      if (claimed) {
        window.givenBack(held.seq());
        held.local().outcome.whenComplete((result, failure) -> pool.objects().forgetMarker(key));
      }
    });
  }

  /** The member left: a batch whose marker the caller holds never began there, and never will. */
  @Override
  public boolean claimUntouched(InFlightBatch<Trip> held) {
    return pool.objects().claimForRequeue(markerKey(held));
  }
}
