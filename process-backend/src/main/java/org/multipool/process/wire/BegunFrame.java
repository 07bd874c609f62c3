package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * Says that the worker decoded batch {@code seq} and begins its first item now: {@code int seq}.
 * A worker sends it for a batch that begins late: its first batch, whose decoding loads the
 * codec's and the task's classes into a fresh JVM (tens of milliseconds that belong to no task),
 * and one that began 5 ms or more after it arrived. The pool then starts that item's timeout
 * again. It is written before any outcome of the batch.
 *
 * @param seq the batch that begins
 */
public record BegunFrame(int seq) implements EventFrame {
  private static final int PAYLOAD = 4;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.BEGUN.code, ByteBuffer.allocate(PAYLOAD).putInt(seq).flip());
  }

  static BegunFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("BEGUN", payload, PAYLOAD);
    return new BegunFrame(payload.getInt());
  }
}
