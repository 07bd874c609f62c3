package org.multipool.process.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.multipool.SerializationException;
import org.multipool.process.pool.BatchEncoder.EncodedBatch;
import org.multipool.process.pool.BatchEncoder.EncodedFunction;
import org.multipool.process.pool.InFlight.SkipToSend;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.ByeFrame;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.Protocol;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.Worker;

/**
 * The thread that feeds one worker JVM: it takes batches for it from the pool, keeping as many in
 * flight as {@link InFlight} allows, writes them, and tells the worker bye when the pool has no
 * more work for it or it has run its {@code maxTasksPerWorker}.
 *
 * <p>A worker receives a function's bytes only the first time; the sender remembers which of the
 * last {@value #KNOWN_FUNCTIONS} functions the worker has and tells it which one to forget.
 */
final class BatchSender implements Runnable {
  private static final int KNOWN_FUNCTIONS = 32;

  private final RemoteWorker remote;
  private final WorkerJvms group;
  private final FrameChannel channel;
  private final InFlight flight;
  private final Worker slot;
  /** Function ids the worker has, least recently used first. */
  private final Map<Integer, Boolean> known = new LinkedHashMap<>(64, 0.75f, true);
  private int seq;

  BatchSender(RemoteWorker remote, WorkerJvms group, FrameChannel channel, InFlight flight, Worker slot) {
    this.remote = remote;
    this.group = group;
    this.channel = channel;
    this.flight = flight;
    this.slot = slot;
  }

  @Override
  public void run() {
    int budget = group.config().maxTasksPerWorker();
    try {
      while (budget > 0) {
        if (!flight.awaitRoom()) {
          return;
        }
        Batch batch = slot.take(budget);
        if (batch == null) {
          break;
        }
        if (flight.stopped()) {
          return; // the worker is being killed: the batch stays untouched and is queued again when it is lost
        }
        if (budget != PoolConfig.UNLIMITED_TASKS) {
          budget -= batch.size();
        }
        EncodedBatch encoded;
        try {
          encoded = encoded(batch);
        } catch (RuntimeException e) { // the caller changed its items since the call, say
          if (!failHere(batch, e)) {
            return;
          }
          continue;
        }
        send(batch, encoded);
      }
      if (flight.awaitAllOutcomes() && remote.sayingBye(budget <= 0)) {
        new ByeFrame().write(channel);
      }
    } catch (IOException e) {
      remote.unreachable(); // gone or unreachable; its end is reported when it has exited
    } catch (RuntimeException e) {
      remote.misbehaved("of an internal error in its sender (" + e + ")");
    }
  }

  private EncodedBatch encoded(Batch batch) {
    EncodedBatch encoded = batch.prepared() instanceof EncodedBatch prepared
        ? prepared
        : group.encoder().encode(batch); // a part of a prepared batch, split for maxTasksPerWorker
    long frame = 64L + encoded.function().bytes().length + encoded.items().size();
    if (frame > Protocol.MAX_FRAME) {
      throw new SerializationException("A batch of " + batch.size() + " items encodes to " + frame
          + " bytes, more than the " + Protocol.MAX_FRAME + " one frame can hold", null);
    }
    return encoded;
  }

  private void send(Batch batch, EncodedBatch encoded) throws IOException {
    SentBatch sending = new SentBatch(batch, seq);
    InFlight.Added added = flight.add(sending);
    if (added == InFlight.Added.ASKED_BACK) {
      slot.givenBack(batch); // asked back before it left: an idle worker runs it
      return;
    }
    seq++;
    if (added == InFlight.Added.HEAD) {
      sending.reportStart(slot); // an idle worker begins this batch as soon as it arrives
    }
    EncodedFunction function = encoded.function();
    boolean workerHasIt = known.containsKey(function.id()); // also marks it as used last
    int forget = -1;
    if (!workerHasIt) {
      known.put(function.id(), Boolean.TRUE);
      if (known.size() > KNOWN_FUNCTIONS) {
        Integer eldest = known.keySet().iterator().next();
        known.remove(eldest);
        forget = eldest;
      }
    }
    int skipFrom = flight.skipFrom(sending);
    new BatchFrame(sending.seq, function.id(), ByteBuffer.wrap(workerHasIt ? new byte[0] : function.bytes()),
        forget, skipFrom, batch.size(), ByteBuffer.wrap(encoded.items().array(), 0, encoded.items().size()))
        .write(channel);
    SkipToSend skippedMeanwhile = flight.sent(sending, skipFrom);
    if (skippedMeanwhile != null) {
      group.skips().send(remote, skippedMeanwhile);
    }
    if (flight.takeBackAfterSending(sending)) {
      group.skips().sendTakeBack(remote, sending.seq);
    }
  }

  /**
   * Fails the items of a batch that cannot be sent, in this JVM, once the worker has reported all
   * it was sent before: items are reported in order. Another worker would fail the same way, so
   * the batch must not go back to the queue. False if the worker ended meanwhile.
   */
  private boolean failHere(Batch batch, RuntimeException cause) {
    if (!flight.awaitAllOutcomes()) {
      return false;
    }
    RuntimeException failure = cause instanceof SerializationException ? cause
        : new SerializationException("Cannot send a batch to worker process " + remote.pid() + ": " + cause, cause);
    for (int i = 0; i < batch.size(); i++) {
      if (slot.started(batch, i)) {
        slot.failed(batch, i, failure);
      }
    }
    return true;
  }
}
