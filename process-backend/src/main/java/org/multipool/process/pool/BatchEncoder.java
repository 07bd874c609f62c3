package org.multipool.process.pool;

import java.io.IOException;
import java.io.ObjectOutput;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SerializationException;
import org.multipool.Task;
import org.multipool.process.wire.Bytes;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.JavaSerialization;
import org.multipool.process.wire.Protocol;
import org.multipool.process.wire.Values;
import org.multipool.spi.Batch;

/**
 * Encodes what a batch sends to a worker, on the thread of the call that made the batch, so an
 * object that cannot be serialized fails that call and names its class.
 *
 * <p>A {@code map} sends one function with many batches, and every {@code submit} sends the same
 * adapter function with its task as the item: so each function is encoded once, numbered, and a
 * worker receives its bytes only the first time.
 */
final class BatchEncoder {
  private static final int REMEMBERED_FUNCTIONS = 8;

  /** A function in the form workers receive it. */
  record EncodedFunction(int id, byte[] bytes) {}

  /**
   * A batch in the form a worker receives it. The items' bytes fill their array exactly: a
   * submitted task may wait in the queue a long time, and the room a growing buffer leaves spare
   * was about a sixth of an encoded task.
   */
  record EncodedBatch(EncodedFunction function, byte[] items) {}

  private final Codec codec;
  private final AtomicInteger functionIds = new AtomicInteger();
  /** The functions encoded last, by identity; weak, so a finished job's captures can go. */
  private final Remembered[] recent = new Remembered[REMEMBERED_FUNCTIONS]; // guarded by this
  private int nextSlot; // guarded by this

  private record Remembered(WeakReference<Object> function, EncodedFunction encoded) {}

  BatchEncoder(Codec codec) {
    this.codec = codec;
  }

  /** Encodes the function and every item of {@code batch}. */
  EncodedBatch encode(Batch batch) {
    EncodedFunction function = function(batch.function());
    long plainBytes = Values.plainBytes(batch);
    Bytes items = new Bytes((int) Math.min(1 + Math.max(plainBytes, 16L * batch.size()), Protocol.MAX_FRAME));
    try {
      if (plainBytes >= 0) {
        items.write(Values.RAW);
        for (int i = 0; i < batch.size(); i++) {
          Values.writePlain(items, batch.item(i));
        }
        return new EncodedBatch(function, exactly(items));
      }
      items.write(Values.STREAM);
      ObjectOutput out = codec.output(items);
      for (int i = 0; i < batch.size(); i++) {
        Object item = batch.item(i);
        try {
          Values.write(out, item);
        } catch (IOException | RuntimeException e) {
          throw new SerializationException("Cannot send "
              + (item instanceof Task<?> ? "the task " + item.getClass().getName()
                  : "an item of class " + item.getClass().getName())
              + " to a worker process: " + JavaSerialization.describe(e), e);
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new SerializationException("Cannot encode a batch for a worker process: " + e, e);
    }
    return new EncodedBatch(function, exactly(items));
  }

  /** The bytes written, in an array of their size: the buffer itself if it has no room to spare. */
  private static byte[] exactly(Bytes bytes) {
    return bytes.size() == bytes.array().length ? bytes.array() : bytes.toByteArray();
  }

  /** The encoded form of {@code function}, from the last few encoded if it is one of them. */
  EncodedFunction function(Object function) {
    synchronized (this) {
      for (Remembered remembered : recent) {
        if (remembered != null && remembered.function.get() == function) {
          return remembered.encoded;
        }
      }
    }
    // Ids stay non-negative, wrapping to 0: -1 means "none" on the wire.
    int id = functionIds.getAndUpdate(last -> last == Integer.MAX_VALUE ? 0 : last + 1);
    EncodedFunction encoded = new EncodedFunction(id, bytesOf(function, "the function "));
    synchronized (this) {
      recent[nextSlot] = new Remembered(new WeakReference<>(function), encoded);
      nextSlot = (nextSlot + 1) % recent.length;
    }
    return encoded;
  }

  /** Encodes one object alone, such as the initializer. */
  byte[] bytesOf(Object value, String what) {
    Bytes bytes = new Bytes(256);
    try {
      ObjectOutput out = codec.output(bytes);
      out.writeObject(value);
      out.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot send " + what + value.getClass().getName()
          + " to a worker process: " + JavaSerialization.describe(e), e);
    }
    return bytes.toByteArray();
  }

}
