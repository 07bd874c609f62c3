package org.multipool.process.wire;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that can be cut back to an earlier size, so an object that failed to
 * encode halfway can be taken out again, and whose leading ints can be filled in afterwards.
 */
public final class Bytes extends OutputStream {
  private byte[] buffer;
  private int size;

  public Bytes(int capacity) {
    buffer = new byte[Math.max(16, capacity)];
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  public void writeInt(int value) {
    ensure(4);
    putInt(size, value);
    size += 4;
  }

  public void writeLong(long value) {
    writeInt((int) (value >>> 32));
    writeInt((int) value);
  }

  /** Overwrites the int at {@code position}, which must have been written already. */
  public void putInt(int position, int value) {
    buffer[position] = (byte) (value >>> 24);
    buffer[position + 1] = (byte) (value >>> 16);
    buffer[position + 2] = (byte) (value >>> 8);
    buffer[position + 3] = (byte) value;
  }

  public int size() {
    return size;
  }

  /** Forgets everything written after the first {@code newSize} bytes. */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("Cannot cut " + size + " bytes to " + newSize);
    }
    size = newSize;
  }

  public byte[] array() {
    return buffer;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (more > buffer.length - size) {
      long wanted = Math.max((long) size + more, 2L * buffer.length);
      if ((long) size + more > Protocol.MAX_FRAME) {
        throw new IllegalStateException("More than " + Protocol.MAX_FRAME
            + " bytes, the most one frame between a pool and its worker can hold");
      }
      buffer = Arrays.copyOf(buffer, (int) Math.min(wanted, Protocol.MAX_FRAME));
    }
  }
}
