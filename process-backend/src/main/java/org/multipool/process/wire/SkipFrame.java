package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Items of a batch sent earlier must not run from here on: {@code int seq, int from},
 * {@code byte stopIfRunning}. With {@code stopIfRunning}, a worker that is running one of those
 * items when it reads this stops it: it interrupts the item and, if the item has not ended within
 * the {@linkplain InitFrame#cancelGraceNanos() grace}, ends itself with
 * {@link ExitCode#CANCELLED_WHILE_RUNNING} (with a grace of 0 it ends itself at once). An item
 * stopped this way is reported skipped, whatever it returned. The pool cannot tell that moment from
 * afar, and sets the flag only for a cancelled task, whose items are all skipped. The worker
 * answers each skip with a {@link SkipAnswerFrame}, in order, as soon as it has decided.
 *
 * @param seq the batch
 * @param from the first item that must not run
 * @param stopIfRunning stop the item that runs, if it is one of these
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
