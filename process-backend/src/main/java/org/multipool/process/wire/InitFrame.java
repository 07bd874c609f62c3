package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Settings, once, right after the hello: {@code int flags} ({@code 1}: flush each outcome),
 * {@code int length, bytes}: a codec stream holding the initializer, or length 0 for none.
 *
 * @param flushEachOutcome send each outcome at once, because tasks run under a timeout
 * @param initializer the encoded initializer, empty for none
 */
public record InitFrame(boolean flushEachOutcome, byte[] initializer) implements CommandFrame {
  private static final int FLUSH_EACH_OUTCOME = 1;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.INIT.code, ByteBuffer.allocate(8 + initializer.length)
        .putInt(flushEachOutcome ? FLUSH_EACH_OUTCOME : 0).putInt(initializer.length).put(initializer).flip());
  }

  static InitFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("INIT", payload, 8);
    int flags = payload.getInt();
    int length = ProtocolException.requireWithin("The initializer's length", payload.getInt(), 0, payload.remaining());
    ProtocolException.requireLength("INIT", payload, length);
    byte[] initializer = new byte[length];
    payload.get(initializer);
    return new InitFrame((flags & FLUSH_EACH_OUTCOME) != 0, initializer);
  }
}
