package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.multipool.process.wire.Protocol.Event;

/**
 * A task calls a shared object that lives in the pool's JVM: {@code int call, byte op,
 * long waitNanos, short idLength, id (UTF-8), arguments}. The pool answers every call with a
 * {@link SharedReplyFrame} of the same number, which the worker chooses, except the calls
 * {@link SharedOp#answered()} says it does not answer. {@code waitNanos} is how
 * long a call that may wait does ({@link Long#MAX_VALUE}: until it can go on, 0: not at all).
 *
 * @param call the call's number, unique among the worker's calls that have no answer yet
 * @param op what is called
 * @param waitNanos how long the call may wait
 * @param object the object's id
 * @param arguments the encoded arguments; see {@link SharedOp}
 */
public record SharedCallFrame(int call, SharedOp op, long waitNanos, String object, byte[] arguments)
    implements EventFrame {
  private static final int FIXED = 4 + 1 + 8 + 2;

  @Override
  public void write(FrameChannel channel) throws IOException {
    byte[] id = object.getBytes(StandardCharsets.UTF_8);
    ByteBuffer head = ByteBuffer.allocate(FIXED + id.length)
        .putInt(call).put((byte) op.ordinal()).putLong(waitNanos).putShort((short) id.length).put(id).flip();
    channel.send(Event.SHARED_CALL.code, head, ByteBuffer.wrap(arguments));
  }

  static SharedCallFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireAtLeast("SHARED_CALL", payload, FIXED);
    int call = payload.getInt();
    SharedOp op = SharedOp.of(payload.get());
    long waitNanos = payload.getLong();
    if (waitNanos < 0) {
      throw new ProtocolException("A shared call waits " + waitNanos + " ns");
    }
    int idLength = Short.toUnsignedInt(payload.getShort());
    ProtocolException.requireAtLeast("SHARED_CALL", payload, idLength);
    byte[] id = new byte[idLength];
    payload.get(id);
    byte[] arguments = new byte[payload.remaining()];
    payload.get(arguments);
    return new SharedCallFrame(call, op, waitNanos, new String(id, StandardCharsets.UTF_8), arguments);
  }
}
