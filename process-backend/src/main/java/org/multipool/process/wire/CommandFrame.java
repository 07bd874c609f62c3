package org.multipool.process.wire;

import java.io.IOException;
import org.multipool.process.wire.FrameChannel.Frame;
import org.multipool.process.wire.Protocol.Command;

/** A frame the pool sends to a worker; see {@link Protocol}. */
public sealed interface CommandFrame permits InitFrame, BatchFrame, SkipFrame, ByeFrame, SharedReplyFrame,
    TakeBackFrame {

  /** Sends this frame. */
  void write(FrameChannel channel) throws IOException;

  /** Reads a frame that arrived at a worker. */
  static CommandFrame read(Frame frame) throws ProtocolException {
    if (frame.dropped()) {
      throw FrameChannel.tooLarge(frame);
    }
    return switch (Command.of(frame.kind())) {
      case INIT -> InitFrame.read(frame.buffer());
      case BATCH -> BatchFrame.read(frame.buffer());
      case SKIP -> SkipFrame.read(frame.buffer());
      case BYE -> ByeFrame.read(frame.buffer());
      case SHARED_REPLY -> SharedReplyFrame.read(frame.buffer());
      case TAKE_BACK -> TakeBackFrame.read(frame.buffer());
    };
  }
}
