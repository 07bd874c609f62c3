package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * The answer to a {@link SkipFrame}, once no item it covers can begin any more:
 * {@code int seq, int from}, in the order of the skips. Sent by a thread of its own, not the one
 * that runs tasks, so it may arrive before or after outcomes of the same batch, and not the one
 * that reads commands, so a full socket never keeps the worker from reading them.
 *
 * @param seq the batch
 * @param from the first item that will not begin
 */
public record SkipAnswerFrame(int seq, int from) implements EventFrame {
  private static final int PAYLOAD = 8;

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.SKIP_ANSWER.code, ByteBuffer.allocate(PAYLOAD).putInt(seq).putInt(from).flip());
  }

  static SkipAnswerFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("SKIP_ANSWER", payload, PAYLOAD);
    int seq = payload.getInt();
    int from = ProtocolException.requireWithin("A skip answer's first item", payload.getInt(), 0, Integer.MAX_VALUE);
    return new SkipAnswerFrame(seq, from);
  }
}
