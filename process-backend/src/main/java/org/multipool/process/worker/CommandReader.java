package org.multipool.process.worker;

import java.io.EOFException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.ByeFrame;
import org.multipool.process.wire.CommandFrame;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.SharedReplyFrame;
import org.multipool.process.wire.SkipAnswerFrame;
import org.multipool.process.wire.SkipFrame;
import org.multipool.process.wire.TakeBackFrame;

/**
 * The worker's thread that reads the pool's commands while tasks run: it decodes batches ahead,
 * marks items to skip as soon as the pool says so, and has the {@link Canceller} stop the item it
 * runs for a {@code cancel(true)}. When the connection ends, the pool is gone, and so is the
 * worker, whatever task is running; so it is when the pool says something the protocol does not
 * allow.
 */
final class CommandReader implements Runnable {
  private final FrameChannel channel;
  private final BatchDecoder decoder;
  private final BlockingQueue<Object> work;
  private final SkipAnswers answers;
  private final SharedCalls shared;
  private final Canceller canceller;
  private final Consumer<ExitCode> exit;
  /** Batches received and not yet run to their end, by seq. */
  private final Map<Integer, ReceivedBatch> unfinished = new ConcurrentHashMap<>();

  /**
   * @param work where batches go, then {@link WorkerLoop#BYE} or {@link WorkerLoop#GONE}
   */
  CommandReader(FrameChannel channel, BatchDecoder decoder, BlockingQueue<Object> work, SkipAnswers answers,
      SharedCalls shared, Canceller canceller, Consumer<ExitCode> exit) {
    this.channel = channel;
    this.decoder = decoder;
    this.work = work;
    this.answers = answers;
    this.shared = shared;
    this.canceller = canceller;
    this.exit = exit;
  }

  /** The task thread ran batch {@code seq} to its end: a skip for it has nothing left to skip. */
  void finished(int seq) {
    unfinished.remove(seq);
  }

  @Override
  public void run() {
    try {
      while (true) {
        CommandFrame command = CommandFrame.read(channel.receive());
        if (command instanceof BatchFrame frame) {
          ReceivedBatch batch = decoder.decode(frame);
          unfinished.put(batch.seq, batch);
          work.add(batch);
        } else if (command instanceof SkipFrame skip) {
          ReceivedBatch batch = unfinished.get(skip.seq());
          if (batch != null) {
            batch.skip(skip.from()); // first: an item not yet begun never runs, and the cancel claims one that did
          }
          if (skip.stopIfRunning() && canceller.cancel(skip.seq(), skip.from())) {
            work.add(WorkerLoop.GONE); // the worker is ending; its answer would not matter
            return;
          }
          answers.answer(new SkipAnswerFrame(skip.seq(), skip.from()));
        } else if (command instanceof TakeBackFrame takeBack) {
          ReceivedBatch batch = unfinished.get(takeBack.seq());
          if (batch != null && batch.giveBack()) {
            answers.givenBack(batch); // else it has begun, or ended: it stays, and nothing is said
          }
        } else if (command instanceof SharedReplyFrame reply) {
          shared.answered(reply);
        } else if (command instanceof ByeFrame) {
          work.add(WorkerLoop.BYE);
        } else {
          throw new ProtocolException("Unexpected " + command + " after the start");
        }
      }
    } catch (EOFException e) {
      end(); // the pool closed the connection or died
    } catch (Throwable e) { // without this thread the worker is deaf: it must not linger
      if (!channel.isClosed()) {
        System.err.println("multipool worker: the connection to the pool failed: " + e);
      }
      end();
    }
  }

  private void end() {
    shared.poolGone();
    work.add(WorkerLoop.GONE);
    exit.accept(ExitCode.POOL_GONE);
  }
}
