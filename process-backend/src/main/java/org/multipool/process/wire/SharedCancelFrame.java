package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * The thread of a task that waits in a shared call was interrupted: {@code int call}. The pool
 * stops the call if it still waits, and answers it either way: {@link SharedReplyFrame.Status#INTERRUPTED}
 * if nothing happened, or its result if it happened first.
 *
 * @param call the call to stop
 */
public record SharedCancelFrame(int call) implements EventFrame {
  private static final int PAYLOAD = 4;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.SHARED_CANCEL.code, ByteBuffer.allocate(PAYLOAD).putInt(call).flip());
  }

  static SharedCancelFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("SHARED_CANCEL", payload, PAYLOAD);
    return new SharedCancelFrame(payload.getInt());
  }
}
