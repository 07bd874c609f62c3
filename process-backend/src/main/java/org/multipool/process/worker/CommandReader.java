package org.multipool.process.worker;

import java.io.EOFException;
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
import org.multipool.spi.remote.OrderedBatchRunner;

/**
 * The worker's thread that reads the pool's commands while tasks run: it decodes batches ahead
 * and hands them to the worker's {@link OrderedBatchRunner}, marks items to skip as soon as the
 * pool says so, and has the runner stop the item it runs for a {@code cancel(true)}. When the
 * connection ends, the pool is gone, and so is the worker, whatever task is running; so it is when
 * the pool says something the protocol does not allow.
 */
final class CommandReader implements Runnable {
  private final FrameChannel channel;
  private final BatchDecoder decoder;
  private final OrderedBatchRunner<ReceivedBatch> runner;
  private final SkipAnswers answers;
  private final SharedCalls shared;
  private final Consumer<ExitCode> exit;
  /** How many batches arrived: the runner's number for the next, whose wire number wraps around. */
  private long received;

  CommandReader(FrameChannel channel, BatchDecoder decoder, OrderedBatchRunner<ReceivedBatch> runner,
      SkipAnswers answers, SharedCalls shared, Consumer<ExitCode> exit) {
    this.channel = channel;
    this.decoder = decoder;
    this.runner = runner;
    this.answers = answers;
    this.shared = shared;
    this.exit = exit;
  }

  @Override
  public void run() {
    try {
      while (true) {
        CommandFrame command = CommandFrame.read(channel.receive());
        if (command instanceof BatchFrame frame) {
          if (frame.seq() != (int) received) {
            throw new ProtocolException("Expected batch " + (int) received + " but got batch " + frame.seq());
          }
          runner.offer(decoder.decode(frame, received++)); // refused only once the worker ends
        } else if (command instanceof SkipFrame skip) {
          long seq = widen(skip.seq());
          if (!skip.stopIfRunning()) {
            runner.skip(seq, skip.from());
          } else if (runner.cancel(seq, skip.from())) {
            runner.abandon(); // the worker stopped itself at once, and is ending; its answer would not matter
            return;
          }
          answers.answer(new SkipAnswerFrame(skip.seq(), skip.from()));
        } else if (command instanceof TakeBackFrame takeBack) {
          ReceivedBatch batch = runner.takeBack(widen(takeBack.seq()));
          if (batch != null) {
            answers.givenBack(batch); // else it has begun, or ended: it stays, and nothing is said
          }
        } else if (command instanceof SharedReplyFrame reply) {
          shared.answered(reply);
        } else if (command instanceof ByeFrame) {
          runner.close(); // what is held runs, then the worker ends
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

  /** The runner's number of the batch received last with wire number {@code seq}. */
  private long widen(int seq) {
    long last = received - 1;
    return last - ((int) last - seq);
  }

  private void end() {
    shared.poolGone();
    runner.abandon();
    exit.accept(ExitCode.POOL_GONE);
  }
}
