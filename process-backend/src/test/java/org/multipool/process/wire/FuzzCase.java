package org.multipool.process.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

/**
 * One fuzz case for either side of the channel: the bytes a misbehaving peer sends, of which kind,
 * and whether they break the protocol before the end of the stream (so the reader must say so)
 * rather than merely end too soon. With the byte-building helpers both fuzzers share.
 *
 * @param kind the kind of fault
 * @param bytes what the peer sends
 * @param breaksProtocol whether the bytes break the protocol before the end of the stream
 */
public record FuzzCase<K extends Enum<K>>(K kind, byte[] bytes, boolean breaksProtocol) {

  @Override
  public String toString() {
    return kind + " " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 48))
        + (bytes.length > 48 ? "... (" + bytes.length + " bytes)" : "");
  }

  /** A frame of {@code kind} whose length field is right. */
  public static byte[] frame(byte kind, byte[] payload) {
    return frame(1 + payload.length, kind, payload);
  }

  /** A frame whose length field says {@code length}, whatever follows. */
  public static byte[] frame(int length, byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(length).put(kind).put(payload).array();
  }

  /** {@code n} random bytes. */
  public static byte[] bytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A length the protocol refuses: zero, negative, or past its limit. */
  public static int badLength(Random random) {
    int[] lengths = {0, -1, Integer.MIN_VALUE, -1 - random.nextInt(Integer.MAX_VALUE), Protocol.MAX_FRAME + 1,
        Protocol.MAX_FRAME + 1 + random.nextInt(Integer.MAX_VALUE - Protocol.MAX_FRAME)};
    return lengths[random.nextInt(lengths.length)];
  }

  /** A length far larger than the few bytes that will follow it. */
  public static int hugeLength(Random random) {
    return 1_000_000 + random.nextInt(Protocol.MAX_FRAME - 1_000_000);
  }
}
