package org.multipool.process.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.SkipAnswerFrame;

/**
 * The thread that answers the pool's skips. The socket may be full while the pool is slow to read
 * outcomes; the {@link CommandReader} must go on reading skips meanwhile, so it never writes itself.
 */
final class SkipAnswers implements Runnable {
  /** Ends the thread; compared by identity. */
  private static final SkipAnswerFrame END = new SkipAnswerFrame(0, 0);

  private final BlockingQueue<SkipAnswerFrame> answers = new LinkedBlockingQueue<>();
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
    answers.add(answer);
  }

  /** Ends the thread once the answers queued before are sent: the worker is done. */
  void stop() {
    answers.add(END);
  }

  @Override
  public void run() {
    try {
      while (true) {
        SkipAnswerFrame answer;
        try {
          answer = answers.take();
        } catch (InterruptedException e) {
          continue; // nothing of ours interrupts this thread; a task's stray interrupt must not end it
        }
        if (answer == END) {
          return;
        }
        faults.at(FaultInjection.Point.ANSWERING_SKIP);
        answer.write(channel);
      }
    } catch (Throwable e) { // without this thread the pool would wait for answers in vain
      if (!channel.isClosed()) {
        System.err.println("multipool worker: cannot answer the pool: " + e);
      }
      exit.accept(ExitCode.POOL_GONE);
    }
  }
}
