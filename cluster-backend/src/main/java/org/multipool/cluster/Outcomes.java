package org.multipool.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;

/**
 * Java serialization of what crosses between the caller and a member: a batch's function and
 * items one way, its outcomes the other. Done by Multipool, not by Hazelcast, so that a value that
 * cannot cross fails the call or the item that holds it, with the class named, and so that each
 * side resolves classes through the loader that has the application's classes. Each side reads
 * through {@link DeserializationFilter}: what another member or the caller sent is never trusted.
 */
final class Outcomes {
  private Outcomes() {}

  /** An item whose task threw. */
  record Failed(Throwable cause) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** An item the member left out: cancelled, its map failed before it, or the pool terminating. */
  enum Skipped {
    SKIPPED
  }

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
    DeserializationFilter.StreamFilter filter = DeserializationFilter.forStream();
    try (ObjectInputStream in = input(bytes, loader, filter)) {
      return in.readObject();
    } catch (InvalidClassException e) {
      throw refusedOr(filter, e);
    }
  }

  /** Writes {@code values} in turn into one stream, so a reader can tell which one it cannot read. */
  static byte[] serializeAll(List<?> values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeInt(values.size());
      for (Object value : values) {
        out.writeObject(value);
      }
    }
    return bytes.toByteArray();
  }

  /**
   * What {@link #deserializeAll} read: the values before the first it could not read ({@code read}
   * of them), and why it could not read that one, or null if it read them all.
   */
  record ReadAll(Object[] values, int read, Exception failure) {}

  /** Reads what {@link #serializeAll} wrote, value by value, up to the first it cannot read. */
  static ReadAll deserializeAll(byte[] bytes, ClassLoader loader) {
    DeserializationFilter.StreamFilter filter = DeserializationFilter.forStream();
    Object[] values = new Object[0];
    int read = 0;
    try (ObjectInputStream in = input(bytes, loader, filter)) {
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("A batch of " + count + " values");
      }
      values = new Object[count];
      for (; read < count; read++) {
        values[read] = in.readObject();
      }
      return new ReadAll(values, read, null);
    } catch (InvalidClassException e) {
      return new ReadAll(values, read, refusedOr(filter, e));
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return new ReadAll(values, read, e);
    }
  }

  private static ObjectInputStream input(byte[] bytes, ClassLoader loader, DeserializationFilter.StreamFilter filter)
      throws IOException {
    ObjectInputStream in = new LoaderInput(new ByteArrayInputStream(bytes), loader);
    if (filter != null) {
      in.setObjectInputFilter(filter);
    }
    return in;
  }

  /** The filter's refusal, naming the class, if that is why the class was invalid; else {@code e}. */
  private static InvalidClassException refusedOr(DeserializationFilter.StreamFilter filter, InvalidClassException e) {
    if (filter != null && filter.refused() != null) {
      DeserializationFilter.Refused refused = new DeserializationFilter.Refused(filter.refused());
      refused.initCause(e);
      return refused;
    }
    return e;
  }

  /** Says which class failed: Java serialization gives only its name as the message. */
  static String describe(Throwable e) {
    if (e instanceof DeserializationFilter.Refused) {
      return e.getMessage();
    }
    if (e instanceof NotSerializableException) {
      return e.getMessage() + " is not serializable";
    }
    if (e instanceof ClassNotFoundException) {
      return "class " + e.getMessage() + " is not on the class path";
    }
    return e.toString();
  }

  /** Resolves classes through the given loader first, then as Java serialization would. */
  private static final class LoaderInput extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderInput(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // primitives, and classes only the default lookup finds
        }
      }
      return super.resolveClass(desc);
    }
  }
}
