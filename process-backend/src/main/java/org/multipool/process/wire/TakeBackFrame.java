package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Give back a batch sent earlier if it has not begun: {@code int seq}. The pool asks when another
 * worker has gone idle and could run the batch at once. A worker that has not begun the batch
 * promises never to begin it, answers with a {@link GivenBackFrame} and reports no outcome for it;
 * one that has begun it (or has run it, or never had it) says nothing and goes on as before.
 *
 * @param seq the batch
 */
public record TakeBackFrame(int seq) implements CommandFrame {
  private static final int PAYLOAD = 4;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.TAKE_BACK.code, ByteBuffer.allocate(PAYLOAD).putInt(seq).flip());
  }

  static TakeBackFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("TAKE_BACK", payload, PAYLOAD);
    return new TakeBackFrame(payload.getInt());
  }
}
