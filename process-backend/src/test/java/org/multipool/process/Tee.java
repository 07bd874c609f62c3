package org.multipool.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Writes to two streams: tests put it in place of {@code System.out} or {@code System.err} to see
 * what workers print while it still shows. Serializable for tasks that capture it (it writes
 * nothing once deserialized in a worker).
 */
final class Tee extends OutputStream implements Serializable {
  private static final long serialVersionUID = 1L;
  private final transient OutputStream first;
  private final transient OutputStream second;

  Tee(OutputStream first, OutputStream second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    first.write(b);
    second.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    first.write(bytes, offset, length);
    second.write(bytes, offset, length);
  }
}
