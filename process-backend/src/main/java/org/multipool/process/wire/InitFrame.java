package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Settings, once, right after the hello: {@code int flags} ({@code 1}: flush each outcome),
 * {@code long cancelGraceNanos}, {@code int length, bytes}: a codec stream holding the
 * initializer, or length 0 for none.
 *
 * @param flushEachOutcome send each outcome at once, because tasks run under a timeout
 * @param cancelGraceNanos how long a task that {@code cancel(true)} interrupted may take to end
 *     before the worker ends itself ({@link SkipFrame}); 0 to end at once, without an interrupt
 * @param initializer the encoded initializer, empty for none
 */
public record InitFrame(boolean flushEachOutcome, long cancelGraceNanos, byte[] initializer) implements CommandFrame {
  private static final int FLUSH_EACH_OUTCOME = 1;
  private static final int FIXED = 16;

  /** @throws IllegalArgumentException if the grace is negative */
  public InitFrame {
    if (cancelGraceNanos < 0) {
      throw new IllegalArgumentException("A cancel grace must not be negative but was " + cancelGraceNanos + " ns");
    }
  }

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.INIT.code, ByteBuffer.allocate(FIXED + initializer.length)
        .putInt(flushEachOutcome ? FLUSH_EACH_OUTCOME : 0).putLong(cancelGraceNanos)
        .putInt(initializer.length).put(initializer).flip());
  }

  static InitFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("INIT", payload, FIXED);
    int flags = payload.getInt();
    long grace = payload.getLong();
    if (grace < 0) {
      throw new ProtocolException("The cancel grace is " + grace + " ns, but must not be negative");
    }
    int length = ProtocolException.requireWithin("The initializer's length", payload.getInt(), 0, payload.remaining());
    ProtocolException.requireLength("INIT", payload, length);
    byte[] initializer = new byte[length];
    payload.get(initializer);
    return new InitFrame((flags & FLUSH_EACH_OUTCOME) != 0, grace, initializer);
  }
}
