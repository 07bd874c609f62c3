package org.multipool.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The other side sent something the {@link Protocol} does not allow: a frame too short for its
 * kind, a length or count that cannot be, an unknown kind, status or format. A side that reads one
 * stops trusting its peer: the pool treats that worker as lost, a worker ends itself.
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  /** Fails unless {@code payload} has exactly {@code length} bytes. */
  static void requireLength(String frame, ByteBuffer payload, int length) throws ProtocolException {
    if (payload.remaining() != length) {
      throw new ProtocolException("A " + frame + " frame must carry " + length + " bytes but carried "
          + payload.remaining());
    }
  }

  /** Fails unless {@code payload} has at least {@code length} bytes. */
  static void requireAtLeast(String frame, ByteBuffer payload, int length) throws ProtocolException {
    if (payload.remaining() < length) {
      throw new ProtocolException("A " + frame + " frame must carry at least " + length + " bytes but carried "
          + payload.remaining());
    }
  }

  /** Fails unless {@code value} lies in {@code [min, max]}. */
  static int requireWithin(String what, int value, int min, int max) throws ProtocolException {
    if (value < min || value > max) {
      throw new ProtocolException(what + " is " + value + ", but must lie between " + min + " and " + max);
    }
    return value;
  }
}
