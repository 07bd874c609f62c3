package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/** The initializer ran (or there is none); the worker takes batches now. Empty payload. */
public record ReadyFrame() implements EventFrame {
  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.READY.code);
  }

  static ReadyFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("READY", payload, 0);
    return new ReadyFrame();
  }
}
