package org.multipool.process.pool;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Passes a worker's output on to one of this JVM's streams a whole line at a time, so that lines
 * that several workers print at once never break into each other. A worker's {@code printf} is
 * flushed piece by piece (its {@code System.out} flushes on every write), so its pieces may arrive
 * apart, and without this another worker's line could land in the middle of one.
 *
 * <p>A line ends at {@code \n} or {@code \r} (progress bars redraw with the latter). What follows
 * the last line end waits for the rest of its line, for at most {@value #MAX_PENDING} bytes, and
 * goes out on {@link #flush}, which the pumps call when the worker's stream ends.
 */
final class LineForwarder extends OutputStream {
  private static final int MAX_PENDING = 8192;

  private final Supplier<PrintStream> target;
  private byte[] pending = new byte[256]; // guarded by this
  private int size; // guarded by this

  /** @param target looked up on every line: tests and applications replace {@code System.out} */
  LineForwarder(Supplier<PrintStream> target) {
    this.target = target;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int lineEnd = end - 1;
    while (lineEnd >= offset && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
      lineEnd--;
    }
    if (lineEnd >= offset) { // whole lines: with what waited before them, in one write
      append(bytes, offset, lineEnd + 1 - offset);
      emit();
      offset = lineEnd + 1;
    }
    append(bytes, offset, end - offset);
    if (size >= MAX_PENDING) {
      emit();
    }
  }

  /** Sends what waits for the end of its line. */
  @Override
  public synchronized void flush() {
    if (size > 0) {
      emit();
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (size + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(size + length, 2 * pending.length));
    }
    System.arraycopy(bytes, offset, pending, size, length);
    size += length;
  }

  private void emit() {
    PrintStream out = target.get();
    out.write(pending, 0, size);
    out.flush();
    size = 0;
    if (pending.length > 4 * MAX_PENDING) {
      pending = new byte[256]; // one long burst does not keep its buffer
    }
  }
}
