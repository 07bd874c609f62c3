package org.multipool.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;

/**
 * Turns functions, items, results and exceptions into bytes and back. Multipool uses
 * {@link JavaSerialization}; a faster codec replaces it by implementing these two methods.
 *
 * <pre>{@code
 * ObjectOutput out = codec.output(bytes);
 * out.writeObject(item);
 * out.flush();
 * }</pre>
 */
public interface Codec {

  /** Starts a stream of objects written to {@code out}. */
  ObjectOutput output(OutputStream out) throws IOException;

  /** Reads a stream {@link #output} wrote, resolving classes through {@code loader} first. */
  ObjectInput input(InputStream in, ClassLoader loader) throws IOException;
}
