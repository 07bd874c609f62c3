package org.multipool.process.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import org.multipool.SerializationException;

/**
 * Encodes the items, keys, values and results of shared-object calls, on either side, so that one
 * that cannot cross fails the call that passed it with a {@link SerializationException} that
 * names its class.
 */
public final class SharedValues {
  private SharedValues() {}

  /** One codec stream of {@code values}, in order; {@code what} says what they are for the error. */
  public static byte[] encode(Codec codec, String what, Object... values) {
    Bytes bytes = new Bytes(128);
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

  /** The {@code count} values {@link #encode} wrote, with classes from {@code loader} first. */
  public static Object[] decode(Codec codec, byte[] bytes, ClassLoader loader, int count) {
    Object[] values = new Object[count];
    try (ObjectInput in = codec.input(new ByteArrayInputStream(bytes), loader)) {
      for (int i = 0; i < count; i++) {
        values[i] = in.readObject();
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
