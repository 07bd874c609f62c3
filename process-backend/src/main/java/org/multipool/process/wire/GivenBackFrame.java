package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * The answer to a {@link TakeBackFrame} when the worker gave the batch back: {@code int seq}. No
 * item of that batch begins in this worker, and no outcome of it follows. It is written before any
 * outcome of a later batch, so the pool always knows which batch the outcomes it reads belong to.
 *
 * @param seq the batch given back
 */
public record GivenBackFrame(int seq) implements EventFrame {
  private static final int PAYLOAD = 4;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.GIVEN_BACK.code, ByteBuffer.allocate(PAYLOAD).putInt(seq).flip());
  }

  static GivenBackFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("GIVEN_BACK", payload, PAYLOAD);
    return new GivenBackFrame(payload.getInt());
  }
}
