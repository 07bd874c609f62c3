package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/** Finish what you hold, report it, and exit. Empty payload. */
public record ByeFrame() implements CommandFrame {
  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Command.BYE.code);
  }

  static ByeFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("BYE", payload, 0);
    return new ByeFrame();
  }
}
