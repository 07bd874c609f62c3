package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Items of a batch sent earlier must not run from here on: {@code int seq, int from},
 * {@code byte stopIfRunning}. With {@code stopIfRunning}, a worker that is running that batch when
 * it reads this ends itself, with {@link ExitCode#CANCELLED_WHILE_RUNNING}: the pool cannot tell
 * that moment from afar, and sets it only for a cancelled task, whose items are all skipped. The
 * worker answers each skip with a {@link SkipAnswerFrame}, in order.
 *
 * @param seq the batch
 * @param from the first item that must not run
 * @param stopIfRunning end the worker if the batch is running
 */
public record SkipFrame(int seq, int from, boolean stopIfRunning) implements CommandFrame {
  private static final int PAYLOAD = 9;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.SKIP.code,
        ByteBuffer.allocate(PAYLOAD).putInt(seq).putInt(from).put((byte) (stopIfRunning ? 1 : 0)).flip());
  }

  static SkipFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("SKIP", payload, PAYLOAD);
    int seq = payload.getInt();
    int from = ProtocolException.requireWithin("A skip's first item", payload.getInt(), 0, Integer.MAX_VALUE);
    byte stop = payload.get();
    if (stop != 0 && stop != 1) {
      throw new ProtocolException("A skip's stop flag is " + stop + ", not 0 or 1");
    }
    return new SkipFrame(seq, from, stop == 1);
  }
}
