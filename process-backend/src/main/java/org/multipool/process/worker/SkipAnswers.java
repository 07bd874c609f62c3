package org.multipool.process.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.multipool.process.wire.EventFrame;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.GivenBackFrame;
import org.multipool.process.wire.SkipAnswerFrame;

/**
 * The thread that answers the pool's skips and take-backs. The socket may be full while the pool is slow to read
 * outcomes; the {@link CommandReader} must go on reading skips meanwhile, so it never writes itself.
 */
final class SkipAnswers implements Runnable {
  /** An answer, and what to do once it is written (or cannot be). */
  private record Answer(EventFrame frame, Runnable written) {}

  /** Ends the thread; compared by identity. */
  private static final Answer END = new Answer(new SkipAnswerFrame(0, 0), () -> {});

  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final FrameChannel channel;
  private final Consumer<ExitCode> exit;
  private final FaultInjection faults;

  SkipAnswers(FrameChannel channel, Consumer<ExitCode> exit, FaultInjection faults) {
    this.channel = channel;
    this.exit = exit;
    this.faults = faults;
  }

  /** Queues an answer; answers go out in the order they are queued. */
  void answer(SkipAnswerFrame answer) {
    answers.add(new Answer(answer, () -> {}));
  }

  /** Queues the answer that gives {@code batch} back; the batch hears when it is written. */
  void givenBack(ReceivedBatch batch) {
    answers.add(new Answer(new GivenBackFrame(batch.wireSeq), batch::givenBackSent));
  }

  /** Ends the thread once the answers queued before are sent: the worker is done. */
  void stop() {
    answers.add(END);
  }

  @Override
  public void run() {
    try {
      while (true) {
        Answer answer;
        try {
          answer = answers.take();
        } catch (InterruptedException e) {
          continue; // nothing of ours interrupts this thread; a task's stray interrupt must not end it
        }
        if (answer == END) {
          return;
        }
        try {
          faults.at(FaultInjection.Point.ANSWERING_SKIP);
          answer.frame().write(channel);
        } finally {
          answer.written().run();
        }
      }
    } catch (Throwable e) { // without this thread the pool would wait for answers in vain
      if (!channel.isClosed()) {
        System.err.println("multipool worker: cannot answer the pool: " + e);
      }
      exit.accept(ExitCode.POOL_GONE);
    }
  }
}
