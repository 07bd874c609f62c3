package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Command;

/**
 * Items to run: {@code int seq} (numbers the worker's batches from 0, in sending order, wrapping
 * around past the largest int), {@code int functionId} (never negative), {@code int functionLength, bytes} (a codec stream holding the function;
 * length 0 when this worker already has that function), {@code int forgetId} (a function id the
 * worker may drop, or -1), {@code int skipFrom} (items from here on must not run), {@code int count},
 * then the items section: {@code byte format} ({@link Values#RAW} or {@link Values#STREAM}) and the
 * {@code count} items, each written by {@link Values}, plainly or into one codec stream.
 *
 * <p>The pool writes the frame from its parts without copying them into one buffer; a worker reads
 * the function and the items as views of the payload.
 *
 * @param seq the batch's number
 * @param functionId the function's number
 * @param function the encoded function, empty when the worker has it already
 * @param forgetId a function the worker may drop, or -1
 * @param skipFrom the first item that must not run
 * @param count how many items the batch has
 * @param items the items section: its format byte, then the items
 */
public record BatchFrame(int seq, int functionId, ByteBuffer function, int forgetId, int skipFrom, int count,
    ByteBuffer items) implements CommandFrame {

  @Override
  public void write(FrameChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(12).putInt(seq).putInt(functionId).putInt(function.remaining()).flip();
    ByteBuffer middle = ByteBuffer.allocate(12).putInt(forgetId).putInt(skipFrom).putInt(count).flip();
    channel.send(Command.BATCH.code, head, function.duplicate(), middle, items.duplicate());
  }

  /** The format byte of the items section. */
  public byte format() {
    return items.get(items.position());
  }

  /** The items after the format byte. */
  public ByteBuffer values() {
    ByteBuffer values = items.duplicate();
    values.position(values.position() + 1);
    return values;
  }

  static BatchFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("BATCH", payload, 12 + 12 + 1);
    int seq = payload.getInt(); // any int: a long-lived worker's numbers wrap around
    int functionId = payload.getInt();
    int functionLength = ProtocolException.requireWithin(
        "The function's length", payload.getInt(), 0, payload.remaining() - 12 - 1);
    ByteBuffer function = slice(payload, functionLength);
    int forgetId = payload.getInt(); // -1 for none; function ids are never negative
    int skipFrom = ProtocolException.requireWithin("A batch's first skipped item", payload.getInt(), 0, Integer.MAX_VALUE);
    // Every item takes at least one byte: a count larger than the bytes left is a lie, and
    // believing it would allocate room for it.
    int count = ProtocolException.requireWithin("A batch's item count", payload.getInt(), 1, payload.remaining() - 1);
    ByteBuffer items = slice(payload, payload.remaining());
    Values.requireFormat(items.get(items.position()));
    return new BatchFrame(seq, functionId, function, forgetId, skipFrom, count, items);
  }

  private static ByteBuffer slice(ByteBuffer payload, int length) {
    ByteBuffer part = payload.slice();
    part.limit(length);
    payload.position(payload.position() + length);
    return part;
  }
}
