package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * The initializer threw: the payload is a codec stream holding the exception. The worker exits next.
 *
 * @param exception the encoded exception
 */
public record InitFailedFrame(byte[] exception) implements EventFrame {
  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.INIT_FAILED.code, ByteBuffer.wrap(exception));
  }

  static InitFailedFrame read(ByteBuffer payload) {
    byte[] exception = new byte[payload.remaining()];
    payload.get(exception);
    return new InitFailedFrame(exception);
  }
}
