package org.multipool.process.wire;

import java.io.IOException;
import org.multipool.process.wire.FrameChannel.Frame;
import org.multipool.process.wire.Protocol.Event;

/** A frame a worker sends to the pool; see {@link Protocol}. */
public sealed interface EventFrame permits HelloFrame, ReadyFrame, InitFailedFrame, OutcomesFrame, SkipAnswerFrame,
    SharedCallFrame, SharedCancelFrame, GivenBackFrame, BegunFrame, OutcomesDroppedFrame {

  /** Sends this frame. */
  void write(FrameChannel channel) throws IOException;

  /** Reads a frame that arrived at the pool. */
  static EventFrame read(Frame frame) throws ProtocolException {
    if (frame.dropped()) {
      if (Event.of(frame.kind()) == Event.OUTCOMES) {
        return OutcomesDroppedFrame.read(frame.buffer(), frame.droppedLength());
      }
      throw FrameChannel.tooLarge(frame);
    }
    return switch (Event.of(frame.kind())) {
      case HELLO -> HelloFrame.read(frame.buffer());
      case READY -> ReadyFrame.read(frame.buffer());
      case INIT_FAILED -> InitFailedFrame.read(frame.buffer());
      case OUTCOMES -> OutcomesFrame.read(frame.buffer());
      case SKIP_ANSWER -> SkipAnswerFrame.read(frame.buffer());
      case SHARED_CALL -> SharedCallFrame.read(frame.buffer());
      case SHARED_CANCEL -> SharedCancelFrame.read(frame.buffer());
      case GIVEN_BACK -> GivenBackFrame.read(frame.buffer());
      case BEGUN -> BegunFrame.read(frame.buffer());
    };
  }
}
