package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.Protocol.Event;

/**
 * The first frame of a connection, from the worker: {@code int magic} ({@link Protocol#MAGIC}),
 * {@code int worker} (the number the pool gave the worker on its command line), then the
 * {@value Protocol#SECRET_BYTES} bytes of the pool's secret, which the worker read from its stdin.
 *
 * @param worker the worker's number
 * @param secret the secret the worker presents
 */
public record HelloFrame(int worker, byte[] secret) implements EventFrame {
  /** The payload's length. */
  public static final int PAYLOAD = 4 + 4 + Protocol.SECRET_BYTES;
  /** The whole frame's length, with its length field and kind: what the pool reads before it trusts anyone. */
  public static final int FRAME = 4 + 1 + PAYLOAD;

  public HelloFrame {
    if (secret.length != Protocol.SECRET_BYTES) {
      throw new IllegalArgumentException("A secret has " + Protocol.SECRET_BYTES + " bytes, not " + secret.length);
    }
  }

  @Override
  public void write(FrameChannel channel) throws IOException {
    channel.send(Event.HELLO.code, ByteBuffer.allocate(PAYLOAD).putInt(Protocol.MAGIC).putInt(worker).put(secret).flip());
  }

  /** Reads a whole frame, length and kind included, as the pool reads it off a new connection. */
  public static HelloFrame readFrame(ByteBuffer frame) throws ProtocolException {
    ProtocolException.requireLength("whole HELLO", frame, FRAME);
    int length = frame.getInt();
    byte kind = frame.get();
    if (length != 1 + PAYLOAD || kind != Event.HELLO.code) {
      throw new ProtocolException("A connection opened with a frame of kind " + kind + " and length " + length
          + ", not a hello");
    }
    return read(frame);
  }

  static HelloFrame read(ByteBuffer payload) throws ProtocolException {
    ProtocolException.requireLength("HELLO", payload, PAYLOAD);
    int magic = payload.getInt();
    if (magic != Protocol.MAGIC) {
      throw new ProtocolException("A hello with magic " + Integer.toHexString(magic) + ", not "
          + Integer.toHexString(Protocol.MAGIC));
    }
    int worker = payload.getInt();
    byte[] secret = new byte[Protocol.SECRET_BYTES];
    payload.get(secret);
    return new HelloFrame(worker, secret);
  }
}
