package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * Outcomes of consecutive items of one batch: {@code int seq, int from, int count},
 * {@code byte format} ({@link Values#RAW} or {@link Values#STREAM}), then, plainly or in one codec
 * stream, per item {@code byte status} ({@link OutcomeStatus}) and, except for skipped items, one
 * value written by {@link Values}: the result, the exception, or the text that says why the result
 * could not be sent.
 *
 * <p>A worker builds the frame in place, item by item, with {@link #begin} and {@link #send}, so a
 * run of quick items travels as one frame without a copy.
 *
 * @param seq the batch
 * @param from the first item reported
 * @param count how many items are reported
 * @param format {@link Values#RAW} or {@link Values#STREAM}
 * @param body the statuses and values
 */
public record OutcomesFrame(int seq, int from, int count, byte format, ByteBuffer body) implements EventFrame {
  /** The bytes before the body. */
  public static final int HEADER = 13;
  private static final int COUNT_AT = 8;

  /** Starts a frame in {@code frame}, which must be empty; its count is filled in by {@link #send}. */
  public static void begin(Bytes frame, int seq, int from, byte format) {
    frame.writeInt(seq);
    frame.writeInt(from);
    frame.writeInt(0);
    frame.write(format);
  }

  /** Sends a frame {@link #begin} started, with {@code count} outcomes. */
  public static void send(FrameChannel channel, Bytes frame, int count) throws IOException {
    frame.putInt(COUNT_AT, count);
    channel.send(Event.OUTCOMES.code, frame);
  }

  @Override
  public void write(FrameChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(seq).putInt(from).putInt(count).put(format).flip();
    channel.send(Event.OUTCOMES.code, header, body.duplicate());
  }

  static OutcomesFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("OUTCOMES", payload, HEADER + 1);
    OutcomesFrame header = readHeader(payload);
    // Every outcome takes at least its status byte.
    ProtocolException.requireWithin("An outcome count", header.count(), 1, payload.remaining());
    return new OutcomesFrame(header.seq(), header.from(), header.count(), header.format(), payload.slice());
  }

  /** Reads the header alone; the body of what it returns is empty. */
  static OutcomesFrame readHeader(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("OUTCOMES", payload, HEADER);
    int seq = payload.getInt(); // any int: a long-lived worker's numbers wrap around
    int from = ProtocolException.requireWithin("The first item reported", payload.getInt(), 0, Integer.MAX_VALUE);
    int count = payload.getInt();
    byte format = Values.requireFormat(payload.get());
    ProtocolException.requireWithin("An outcome count", count, 1, Integer.MAX_VALUE);
    return new OutcomesFrame(seq, from, count, format, ByteBuffer.allocate(0));
  }
}
