package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * The pool's answer to a {@link SharedCallFrame}: {@code int call, byte status, value}. The value
 * is the call's result as its {@link SharedOp} says ({@link Status#OK}), or a codec stream holding
 * the exception the call threw ({@link Status#FAILED}), or nothing ({@link Status#INTERRUPTED}).
 *
 * @param call the call answered
 * @param status how it went
 * @param value the result or the exception
 */
public record SharedReplyFrame(int call, Status status, byte[] value) implements CommandFrame {
  private static final int FIXED = 5;

  /** How a shared call went. */
  public enum Status {
    /** It returned. */
    OK,
    /** It threw. */
    FAILED,
    /** A {@link SharedCancelFrame} stopped it before it did anything. */
    INTERRUPTED
  }

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.SHARED_REPLY.code,
        ByteBuffer.allocate(FIXED).putInt(call).put((byte) status.ordinal()).flip(), ByteBuffer.wrap(value));
  }

  static SharedReplyFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("SHARED_REPLY", payload, FIXED);
    int call = payload.getInt();
    int status = payload.get();
    if (status < 0 || status >= Status.values().length) {
      throw new ProtocolException("A shared reply has status " + status);
    }
    byte[] value = new byte[payload.remaining()];
    payload.get(value);
    return new SharedReplyFrame(call, Status.values()[status], value);
  }
}
