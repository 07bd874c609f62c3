package org.multipool.process.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import org.multipool.SerializationException;

/**
 * Encodes the items, keys, values and results of shared-object calls, on either side, so that one
 * that cannot cross fails the call that passed it with a {@link SerializationException} that
 * names its class.
 *
 * <p>Values that are all {@linkplain Values#isPlain plain} (numbers, strings, byte arrays) travel
 * raw, after a {@link Values#RAW} byte, as they do in batches: an object stream per item cost more
 * than the rest of a queue's hop. Anything else is a codec stream after a {@link Values#STREAM} byte.
 */
public final class SharedValues {
  private SharedValues() {}

  /** {@code values}, in order; {@code what} says what they are for the error. */
  public static byte[] encode(Codec codec, String what, Object... values) {
    Bytes bytes = new Bytes(64);
    if (allPlain(values)) {
      bytes.write(Values.RAW);
      for (Object value : values) {
        Values.writePlain(bytes, value);
      }
      return bytes.toByteArray();
    }
    bytes.write(Values.STREAM);
    try {
      ObjectOutput out = codec.output(bytes);
      for (Object value : values) {
        out.writeObject(value);
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot send " + what + " to another JVM: " + JavaSerialization.describe(e), e);
    }
    return bytes.toByteArray();
  }

  private static boolean allPlain(Object[] values) {
    for (Object value : values) {
      if (!Values.isPlain(value)) {
        return false;
      }
    }
    return true;
  }

  /** The {@code count} values {@link #encode} wrote, with classes from {@code loader} first. */
  public static Object[] decode(Codec codec, byte[] bytes, ClassLoader loader, int count) {
    Object[] values = new Object[count];
    try {
      if (bytes.length > 0 && bytes[0] == Values.RAW) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice();
        for (int i = 0; i < count; i++) {
          values[i] = Values.readPlain(in);
        }
        return values;
      }
      if (bytes.length == 0 || bytes[0] != Values.STREAM) {
        throw new ProtocolException("A shared value starts with neither RAW nor STREAM");
      }
      try (ObjectInput in = codec.input(new ByteArrayInputStream(bytes, 1, bytes.length - 1), loader)) {
        for (int i = 0; i < count; i++) {
          values[i] = in.readObject();
        }
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new SerializationException("Cannot read a value of a shared object in this JVM: "
          + JavaSerialization.describe(e), e);
    }
    return values;
  }

  /** The one value {@link #encode} wrote. */
  public static Object decodeOne(Codec codec, byte[] bytes, ClassLoader loader) {
    return decode(codec, bytes, loader, 1)[0];
  }
}
