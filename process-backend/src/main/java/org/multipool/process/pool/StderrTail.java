package org.multipool.process.pool;

import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Passes a worker's stderr on to this JVM's {@code System.err}, a line at a time, keeping the last
 * few kilobytes so a crash report can show how the worker died.
 */
final class StderrTail extends OutputStream {
  private static final int KEEP = 4096;

  private final LineForwarder forward = new LineForwarder(() -> System.err);
  private final byte[] ring = new byte[KEEP];
  private long written; // guarded by this

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    forward.write(bytes, offset, length);
    synchronized (this) {
      for (int i = 0; i < length; i++) {
        ring[(int) (written++ % KEEP)] = bytes[offset + i];
      }
    }
  }

  @Override
  public void flush() {
    forward.flush();
  }

  /** The last lines the worker wrote to stderr, at most {@value #KEEP} bytes, trimmed. */
  synchronized String tail() {
    int length = (int) Math.min(written, KEEP);
    byte[] last = new byte[length];
    for (int i = 0; i < length; i++) {
      last[i] = ring[(int) ((written - length + i) % KEEP)];
    }
    String text = new String(last, Charset.defaultCharset());
    if (written > KEEP) {
      int firstLine = text.indexOf('\n');
      text = firstLine >= 0 ? text.substring(firstLine + 1) : text;
    }
    return text.strip();
  }
}
