package org.multipool.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;

/** The codec of Java serialization: what {@code Task} and {@code TaskFunction} promise. */
public final class JavaSerialization implements Codec {
  public static final JavaSerialization INSTANCE = new JavaSerialization();

  private JavaSerialization() {}

  /** Says which class failed: Java serialization names it as the bare message. */
  public static String describe(Throwable e) {
    if (e instanceof NotSerializableException) {
      return e.getMessage() + " is not serializable";
    }
    return e.toString();
  }

  @Override
  public ObjectOutput output(OutputStream out) throws IOException {
    ObjectOutputStream stream = new ObjectOutputStream(out);
    stream.flush(); // the header is in the bytes now, so a later cut never reaches into it
    return stream;
  }

  @Override
  public ObjectInput input(InputStream in, ClassLoader loader) throws IOException {
    return new LoaderAwareInput(in, loader);
  }

  /**
   * Resolves classes through the pool's class loader first: under {@code mvn exec:java} or an
   * application server the caller's classes are not visible to the loader of this library.
   */
  private static final class LoaderAwareInput extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderAwareInput(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // primitives and classes only the default lookup finds
        }
      }
      return super.resolveClass(desc);
    }
  }
}
