package org.multipool.process.wire;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.multipool.spi.Batch;

/**
 * Writes one item or outcome value: the values most tasks pass and return ({@code null}, boxed
 * primitives, strings, byte arrays) as a tag byte and their raw bytes, anything else as a tag byte
 * and a {@code writeObject}. A boxed {@code Integer} costs 5 bytes and no reflection this way, against
 * about 10 bytes and a reflective object creation on the way in through {@code writeObject};
 * profiles of {@code map} over small items were dominated by the latter. A {@code byte[]} or a
 * long string is one bulk copy this way, where an object stream cuts it into blocks of 1 KB, each
 * with a header, and copies it once more on each side.
 *
 * <p>A frame whose values are all plain needs no codec stream at all ({@link #RAW}, written with
 * {@link #writePlain}): creating an object stream per frame cost more than the rest of a one-item
 * batch.
 *
 * <pre>{@code
 * Values.write(out, item);
 * Object same = Values.read(in);
 * }</pre>
 */
public final class Values {
  /** Format byte of a section of plain values written to a plain {@code DataOutput}. */
  public static final byte RAW = 0;
  /** Format byte of a section that is a codec stream, whose values may be any object. */
  public static final byte STREAM = 1;

  private static final byte NULL = 0;
  private static final byte INT = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte STRING = 4;
  private static final byte TRUE = 5;
  private static final byte FALSE = 6;
  private static final byte OBJECT = 7;
  private static final byte BYTES = 8;

  /** Returns {@code format} if it is {@link #RAW} or {@link #STREAM}. */
  public static byte requireFormat(byte format) throws ProtocolException {
    if (format != RAW && format != STREAM) {
      throw new ProtocolException("Unknown value format " + format);
    }
    return format;
  }

  private Values() {}

  /** Whether {@code value} is written without {@code writeObject}, so writing it cannot fail. */
  public static boolean isPlain(Object value) {
    if (value == null) {
      return true;
    }
    Class<?> type = value.getClass();
    return type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class
        || type == String.class || type == byte[].class;
  }

  /**
   * How many bytes the items of {@code batch} take in a {@link #RAW} section, at least (a string
   * counts one byte per char; UTF-8 may need more), or -1 if an item is not plain. The encoder
   * sizes its buffer with it, so a batch of large arrays is copied once, not once per doubling.
   */
  public static long plainBytes(Batch batch) {
    long total = 0;
    for (int i = 0; i < batch.size(); i++) {
      Object item = batch.item(i);
      if (!isPlain(item)) {
        return -1;
      }
      total += item instanceof byte[] bytes ? 5L + bytes.length
          : item instanceof String text ? 5L + text.length()
          : 9;
    }
    return total;
  }

  public static void write(ObjectOutput out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
      return;
    }
    Class<?> type = value.getClass();
    if (type == Integer.class) {
      out.writeByte(INT);
      out.writeInt((Integer) value);
    } else if (type == Long.class) {
      out.writeByte(LONG);
      out.writeLong((Long) value);
    } else if (type == Double.class) {
      out.writeByte(DOUBLE);
      out.writeDouble((Double) value);
    } else if (type == Boolean.class) {
      out.writeByte((Boolean) value ? TRUE : FALSE);
    } else if (type == String.class) {
      byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
      out.writeByte(STRING);
      out.writeInt(utf8.length);
      out.write(utf8);
    } else if (type == byte[].class) {
      byte[] bytes = (byte[]) value;
      out.writeByte(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else {
      out.writeByte(OBJECT);
      out.writeObject(value);
    }
  }

  public static Object read(ObjectInput in) throws IOException, ClassNotFoundException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case DOUBLE:
        return in.readDouble();
      case STRING:
        return new String(readBytes(in), StandardCharsets.UTF_8);
      case BYTES:
        return readBytes(in);
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case OBJECT:
        return in.readObject();
      default:
        throw new ProtocolException("Unknown value tag " + tag);
    }
  }

  private static byte[] readBytes(ObjectInput in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > Protocol.MAX_FRAME) {
      throw new ProtocolException("A value claims " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** Writes a value that {@link #isPlain is plain} straight into a frame, in a {@link #RAW} section. */
  public static void writePlain(Bytes out, Object value) {
    if (value == null) {
      out.write(NULL);
      return;
    }
    Class<?> type = value.getClass();
    if (type == Integer.class) {
      out.write(INT);
      out.writeInt((Integer) value);
    } else if (type == Long.class) {
      out.write(LONG);
      out.writeLong((Long) value);
    } else if (type == Double.class) {
      out.write(DOUBLE);
      out.writeLong(Double.doubleToRawLongBits((Double) value));
    } else if (type == Boolean.class) {
      out.write((Boolean) value ? TRUE : FALSE);
    } else if (type == String.class) {
      byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
      out.write(STRING);
      out.writeInt(utf8.length);
      out.write(utf8, 0, utf8.length);
    } else if (type == byte[].class) {
      byte[] bytes = (byte[]) value;
      out.write(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes, 0, bytes.length);
    } else {
      throw new IllegalArgumentException(type.getName() + " is not plain: it needs a codec stream");
    }
  }

  /** Reads a value {@link #writePlain} wrote; a value cut short or of an unknown tag breaks the protocol. */
  public static Object readPlain(ByteBuffer in) throws ProtocolException {
    try {
      byte tag = in.get();
      switch (tag) {
        case NULL:
          return null;
        case INT:
          return in.getInt();
        case LONG:
          return in.getLong();
        case DOUBLE:
          return Double.longBitsToDouble(in.getLong());
        case STRING: {
          int length = plainLength(in);
          String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
          in.position(in.position() + length);
          return text;
        }
        case BYTES: {
          int length = plainLength(in);
          int at = in.arrayOffset() + in.position();
          byte[] bytes = Arrays.copyOfRange(in.array(), at, at + length);
          in.position(in.position() + length);
          return bytes;
        }
        case TRUE:
          return Boolean.TRUE;
        case FALSE:
          return Boolean.FALSE;
        default:
          throw new ProtocolException("Unknown plain value tag " + tag);
      }
    } catch (BufferUnderflowException e) {
      throw new ProtocolException("A plain value runs past the end of its frame");
    }
  }

  private static int plainLength(ByteBuffer in) throws ProtocolException {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new ProtocolException("A value of " + length + " bytes where " + in.remaining() + " are left");
    }
    return length;
  }
}
