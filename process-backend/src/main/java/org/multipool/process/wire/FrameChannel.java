package org.multipool.process.wire;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connected socket that carries {@link Protocol} frames: whole frames out from any thread,
 * one reader taking whole frames in.
 *
 * <p>Socket channels close themselves when the thread using them is interrupted, which would cut
 * a worker off because some user callback interrupted a thread of ours. So every read and write
 * first clears the calling thread's interrupt; the threads that use a frame channel are the
 * pool's own and are never interrupted on purpose, but for a worker's task thread, which a
 * {@code cancel(true)} interrupts through {@link #interruptBetweenWrites}.
 */
public final class FrameChannel implements Closeable {
  private static final int READ_BUFFER = 64 * 1024;
  /** What a frame's payload takes before its bytes arrive; it doubles as they do. */
  private static final int FIRST_ALLOCATION = 64 * 1024;

  /** How many of a dropped payload's first bytes its {@link Frame} keeps: enough for any header. */
  public static final int KEPT_OF_DROPPED = 64;

  /** The largest payload buffer a channel keeps for the next frame, unless told otherwise. */
  public static final int DEFAULT_KEPT_PAYLOAD = 1024 * 1024;

  private final SocketChannel channel;
  private final Tap tap;
  private final int keptPayloadLimit;
  /** The last payload's buffer, reused for the next frame that fits; only the reader's. */
  private byte[] kept = new byte[0];
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ByteBuffer header = ByteBuffer.allocate(5);
  private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER).flip(); // only the reader's

  public FrameChannel(SocketChannel channel) {
    this(channel, null);
  }

  /** A channel that tells {@code tap} where each frame is; tests use it to inject faults. */
  public FrameChannel(SocketChannel channel, Tap tap) {
    this(channel, tap, DEFAULT_KEPT_PAYLOAD);
  }

  /**
   * A channel that keeps payload buffers of up to {@code keptPayloadLimit} bytes for the frames
   * after them. A worker JVM, which has one channel, keeps large ones: a stream of large batches
   * then costs no allocation and no garbage beyond its items.
   */
  public FrameChannel(SocketChannel channel, Tap tap, int keptPayloadLimit) {
    this.channel = channel;
    this.tap = tap;
    this.keptPayloadLimit = keptPayloadLimit;
  }

  /**
   * Sees frames as they cross, at the moments a fault would hurt most; only tests set one. Each
   * call runs on the thread that reads or writes the frame.
   */
  public interface Tap {
    /** A frame of {@code kind} has begun to arrive: its header is read, its payload not yet. */
    void receiving(byte kind);

    /** A frame of {@code kind} is half sent: its header is out, its payload not yet. */
    void sending(byte kind);
  }

  /**
   * A frame as it arrived: its kind and its payload, the first {@code length} bytes of
   * {@code array}. The array may be reused by the channel's next {@link #receive}: read the frame
   * before that, and copy what must outlive it.
   */
  public record Frame(byte kind, byte[] array, int length, int droppedLength) {
    /**
     * Whether the payload was too large for this JVM's heap: then {@link #array} holds only its
     * first bytes, at most {@value #KEPT_OF_DROPPED}, and {@link #droppedLength} says how long it was.
     */
    public boolean dropped() {
      return droppedLength > 0;
    }

    /** The payload, to read from. */
    public ByteBuffer buffer() {
      return ByteBuffer.wrap(array, 0, length).slice();
    }

    /** A copy of the payload. */
    public byte[] payload() {
      return Arrays.copyOf(array, length);
    }
  }

  /** Sends one frame whose payload is the concatenation of {@code parts}. */
  public void send(byte kind, ByteBuffer... parts) throws IOException {
    long length = 1;
    for (ByteBuffer part : parts) {
      length += part.remaining();
    }
    if (length > Protocol.MAX_FRAME) {
      throw new IOException("A frame of " + length + " bytes is larger than the protocol allows");
    }
    ByteBuffer[] all = new ByteBuffer[parts.length + 1];
    System.arraycopy(parts, 0, all, 1, parts.length);
    writeLock.lock();
    try {
      header.clear();
      header.putInt((int) length).put(kind).flip();
      all[0] = header;
      Thread.interrupted();
      long left = length + 4;
      if (tap != null) { // the header alone first, so a fault can fall between it and the payload
        while (header.hasRemaining()) {
          left -= channel.write(header);
        }
        tap.sending(kind);
      }
      while (left > 0) {
        left -= channel.write(all);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Interrupts {@code thread}, but never in the middle of a frame it writes here, which would close
   * the channel: waits up to {@code timeoutNanos} for a write under way to end.
   *
   * @return false if a write did not end in time, and the thread was not interrupted
   */
  public boolean interruptBetweenWrites(Thread thread, long timeoutNanos) throws InterruptedException {
    if (!writeLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
      return false;
    }
    try {
      thread.interrupt();
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  /** Sends one frame whose payload is the first {@code size()} bytes of {@code payload}. */
  public void send(byte kind, Bytes payload) throws IOException {
    send(kind, ByteBuffer.wrap(payload.array(), 0, payload.size()));
  }

  /**
   * Waits for the next frame.
   *
   * <p>A payload that fits the buffer of an earlier one is read into it. A larger payload grows
   * as its bytes arrive, so a frame that claims a length larger than what follows costs no more
   * memory than what did arrive: a peer cannot make this JVM allocate gigabytes with a five-byte
   * header. The last step allocates exactly the announced size. A payload this JVM's heap cannot
   * hold is read past and dropped: the frame comes with its first {@value #KEPT_OF_DROPPED} bytes
   * and its length (see {@link Frame#dropped}), and the channel goes on with the next frame, so
   * a result too large for the caller fails its own task and costs nothing else.
   *
   * @throws EOFException when the other side closed the connection
   * @throws ProtocolException when the length of a frame makes no sense
   */
  public Frame receive() throws IOException {
    fill(5);
    int length = in.getInt();
    byte kind = in.get();
    if (length < 1 || length > Protocol.MAX_FRAME) {
      throw new ProtocolException("A frame claims a length of " + length + " bytes");
    }
    if (tap != null) {
      tap.receiving(kind);
    }
    int size = length - 1;
    byte[] payload = size <= kept.length ? kept : allocate(Math.min(size, FIRST_ALLOCATION));
    if (payload == null) {
      return drop(kind, size, new byte[0], 0);
    }
    int filled = Math.min(in.remaining(), Math.min(size, payload.length));
    in.get(payload, 0, filled);
    while (filled < size) {
      if (filled == payload.length) {
        byte[] larger = allocate((int) Math.min(size, 2L * payload.length));
        if (larger == null) {
          return drop(kind, size, payload, filled);
        }
        System.arraycopy(payload, 0, larger, 0, filled);
        payload = larger;
      }
      ByteBuffer rest = ByteBuffer.wrap(payload, filled, Math.min(payload.length, size) - filled);
      read(rest);
      filled = rest.position();
    }
    if (payload.length > kept.length && payload.length <= keptPayloadLimit) {
      kept = payload;
    }
    return new Frame(kind, payload, size, 0);
  }

  /** An array of {@code size} bytes, or null if this JVM's heap cannot hold one now. */
  private static byte[] allocate(int size) {
    try {
      return new byte[size];
    } catch (OutOfMemoryError e) {
      return null; // nothing was allocated: the one array this asked for is what did not fit
    }
  }

  /** Reads the next {@code length} bytes of the payload into {@code into}, from {@code offset} on. */
  private void readFully(byte[] into, int offset, int length) throws IOException {
    int buffered = Math.min(in.remaining(), length);
    in.get(into, offset, buffered);
    ByteBuffer rest = ByteBuffer.wrap(into, offset + buffered, length - buffered);
    while (rest.hasRemaining()) {
      read(rest);
    }
  }

  /** What reading a dropped frame of a kind that cannot be dropped throws: it names the size and the heap. */
  static ProtocolException tooLarge(Frame frame) {
    return new ProtocolException("A frame of " + frame.droppedLength() + " bytes (kind " + frame.kind()
        + ") did not fit in this JVM's heap (" + heapLimits() + ")");
  }

  /** This JVM's heap: its maximum, and what is free of it now. */
  public static String heapLimits() {
    Runtime runtime = Runtime.getRuntime();
    long free = runtime.maxMemory() - runtime.totalMemory() + runtime.freeMemory();
    return "at most " + (runtime.maxMemory() >> 20) + " MB, " + (free >> 20) + " MB free";
  }

  /**
   * Keeps the first bytes of a payload too large for the heap, and reads past the rest; {@code
   * filled} of its bytes are in {@code payload} already.
   */
  private Frame drop(byte kind, int size, byte[] payload, int filled) throws IOException {
    byte[] first = new byte[Math.min(size, KEPT_OF_DROPPED)];
    int known = Math.min(filled, first.length);
    System.arraycopy(payload, 0, first, 0, known);
    readFully(first, known, first.length - known);
    long left = size - Math.max(filled, first.length);
    while (left > 0) {
      fill(1);
      int skipped = (int) Math.min(left, in.remaining());
      in.position(in.position() + skipped);
      left -= skipped;
    }
    return new Frame(kind, first, first.length, size);
  }

  private void fill(int needed) throws IOException {
    if (in.remaining() >= needed) {
      return;
    }
    in.compact();
    while (in.position() < needed) {
      read(in);
    }
    in.flip();
  }

  private void read(ByteBuffer into) throws IOException {
    Thread.interrupted();
    if (channel.read(into) < 0) {
      throw new EOFException("The other side closed the connection");
    }
  }

  /** Whether this side closed the channel. */
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing is left to release
    }
  }
}
