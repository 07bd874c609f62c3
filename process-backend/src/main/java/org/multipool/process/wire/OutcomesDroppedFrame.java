package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Outcomes whose frame was too large for the pool's heap: {@link FrameChannel#receive} read past
 * them, and kept only the header of the {@link OutcomesFrame} they came in, so the pool can fail
 * exactly those items and go on with the worker.
 *
 * <pre>{@code
 * if (frame instanceof OutcomesDroppedFrame dropped) {
 *   fail(dropped.seq(), dropped.from(), dropped.count(), dropped.length() + " bytes did not fit");
 * }
 * }</pre>
 *
 * @param seq the batch
 * @param from the first item reported
 * @param count how many items were reported
 * @param length how many bytes the outcomes took
 */
public record OutcomesDroppedFrame(int seq, int from, int count, long length) implements EventFrame {

  /** Never sent: the pool makes it of what it dropped. */
  @Override
  public void write(FrameChannel channel) throws IOException {
    throw new UnsupportedOperationException("An OUTCOMES frame that was dropped on arrival is never sent");
  }

  static OutcomesDroppedFrame read(ByteBuffer first, long length) throws ProtocolException {
    OutcomesFrame header = OutcomesFrame.readHeader(first);
    return new OutcomesDroppedFrame(header.seq(), header.from(), header.count(), length);
  }
}
