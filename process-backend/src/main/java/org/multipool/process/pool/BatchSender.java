package org.multipool.process.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.multipool.SerializationException;
import org.multipool.process.pool.BatchEncoder.EncodedBatch;
import org.multipool.process.pool.BatchEncoder.EncodedFunction;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.ByeFrame;
import org.multipool.process.wire.Protocol;
import org.multipool.spi.Batch;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.SendAheadWindow;
import org.multipool.spi.remote.WindowTransport;

/**
 * The thread that feeds one worker JVM, and the transport of its {@link SendAheadWindow}: the
 * window takes batches for the worker and decides what is sent when; this writes the frames, and
 * tells the worker bye when the pool has no more work for it or it has run its
 * {@code maxTasksPerWorker}.
 *
 * <p>A worker receives a function's bytes only the first time; the sender remembers which of the
 * last {@value #KNOWN_FUNCTIONS} functions the worker has and tells it which one to forget. Skips
 * and take-backs go through the pool's {@link SkipSender}, as they may be asked for on a caller's
 * thread, which may be interrupted.
 */
final class BatchSender implements Runnable, WindowTransport<SentBatch> {
  private static final int KNOWN_FUNCTIONS = 32;

  private final WorkerJvm remote;
  private final WorkerJvms group;
  /** Function ids the worker has, least recently used first; only the sender thread uses it. */
  private final Map<Integer, Boolean> known = new LinkedHashMap<>(64, 0.75f, true);

  BatchSender(WorkerJvm remote, WorkerJvms group) {
    this.remote = remote;
    this.group = group;
  }

  @Override
  public void run() {
    SendAheadWindow<SentBatch> window = remote.window();
    try {
      SendAheadWindow.End end = window.runSender(group.config().maxTasksPerWorker());
      if (end != SendAheadWindow.End.STOPPED && window.awaitAllOutcomes()
          && remote.sayingBye(end == SendAheadWindow.End.USED_UP)) {
        new ByeFrame().write(remote.channel());
      }
    } catch (IOException e) {
      remote.unreachable(); // gone or unreachable; its end is reported when it has exited
    } catch (RuntimeException e) {
      remote.misbehaved("of an internal error in its sender (" + e + ")");
    }
  }

  // ---- WindowTransport ----

  /** Encodes the batch; one that cannot be sent fails here, as it would on any worker. */
  @Override
  public SentBatch prepare(Batch batch) {
    try {
      return new SentBatch(batch, encoded(batch));
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException e) { // the caller changed its items since the call, say
      throw new SerializationException("Cannot send a batch to worker process " + remote.pid() + ": " + e, e);
    }
  }

  private EncodedBatch encoded(Batch batch) {
    EncodedBatch encoded = batch.prepared() instanceof EncodedBatch prepared
        ? prepared
        : group.encoder().encode(batch); // a part of a prepared batch, split for maxTasksPerWorker
    long frame = 64L + encoded.function().bytes().length + encoded.items().length;
    if (frame > Protocol.MAX_FRAME) {
      throw new SerializationException("A batch of " + batch.size() + " items encodes to " + frame
          + " bytes, more than the " + Protocol.MAX_FRAME + " one frame can hold", null);
    }
    return encoded;
  }

  @Override
  public void send(InFlightBatch<SentBatch> sending, int skipFrom) throws IOException {
    EncodedBatch encoded = sending.local().encoded;
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
    new BatchFrame(sending.seq(), function.id(), ByteBuffer.wrap(workerHasIt ? new byte[0] : function.bytes()),
        forget, skipFrom, sending.batch().size(),
        ByteBuffer.wrap(encoded.items()))
        .write(remote.channel());
  }

  @Override
  public void sendSkip(InFlightBatch<SentBatch> held, int from, boolean stopIfRunning, Skip why) {
    group.skips().send(remote, held.seq(), from, stopIfRunning);
  }

  @Override
  public void sendTakeBack(InFlightBatch<SentBatch> held) {
    group.skips().sendTakeBack(remote, held.seq());
  }

  /** An idle worker begins its head batch as soon as it has it: the pool hears of the start now. */
  @Override
  public void headBegins(InFlightBatch<SentBatch> head) {
    head.local().reportStart(remote.slot());
  }
}
