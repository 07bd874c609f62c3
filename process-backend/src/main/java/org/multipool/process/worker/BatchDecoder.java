package org.multipool.process.worker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.Values;

/**
 * Turns batch frames into batches to run, keeping the functions the pool sent once by their
 * number.
 *
 * <p>What a task's own classes make of their bytes is that task's business: an object that cannot
 * be read fails the batch's items, not the worker. Bytes the protocol itself defines (plain
 * values, function numbers) that make no sense are a {@link ProtocolException}: the pool that sent
 * them cannot be trusted, and the worker ends.
 */
final class BatchDecoder {
  private final Codec codec;
  private final ClassLoader loader;
  /** The functions the pool sent, by number: each decoded, or why it could not be. */
  private final Map<Integer, Known> functions = new HashMap<>();

  /** A function as the worker has it: decoded, or the failure that every batch of it reports. */
  private record Known(TaskFunction<Object, Object> function, SerializationException failure) {}

  BatchDecoder(Codec codec, ClassLoader loader) {
    this.codec = codec;
    this.loader = loader;
  }

  ReceivedBatch decode(BatchFrame frame, long seq) throws ProtocolException {
    if (frame.forgetId() >= 0) {
      functions.remove(frame.forgetId());
    }
    boolean sentAlong = frame.function().hasRemaining();
    if (!sentAlong && !functions.containsKey(frame.functionId())) {
      throw new ProtocolException("The pool referred to function " + frame.functionId()
          + ", which this worker does not have");
    }
    ReceivedBatch batch = new ReceivedBatch(seq, frame.seq(), frame.count(), frame.skipFrom());
    ByteBuffer values = frame.values();
    if (frame.format() == Values.RAW) {
      for (int i = 0; i < batch.count; i++) {
        batch.items[i] = Values.readPlain(values);
      }
      if (values.hasRemaining()) {
        throw new ProtocolException("A batch has " + values.remaining() + " bytes after its last item");
      }
    }
    if (sentAlong) {
      functions.put(frame.functionId(), decodeFunction(frame.function()));
    }
    Known known = functions.get(frame.functionId());
    batch.function = known.function();
    batch.unreadable = known.failure();
    if (known.failure() == null && frame.format() == Values.STREAM) {
      readItems(values, batch);
    }
    return batch;
  }

  /**
   * Reads a batch's items from one stream. An item that cannot be read fails at its own index
   * (semantics 3); the stream is lost after it, but the items before it run, and the runner skips
   * the ones after a failed item.
   */
  private void readItems(ByteBuffer values, ReceivedBatch batch) {
    int index = 0;
    try (ObjectInput in = codec.input(stream(values), loader)) {
      for (; index < batch.count; index++) {
        batch.items[index] = Values.read(in);
      }
    } catch (Throwable e) { // also an Error from a class's static initializer: the task fails, not the worker
      batch.unreadableFrom(Math.min(index, batch.count - 1), new SerializationException("Worker process "
          + ProcessHandle.current().pid() + " cannot read an item it was sent: " + e, e));
    }
  }

  /**
   * Decodes a function. One that cannot be read is remembered as such: the pool sends its bytes
   * only once, and every batch of it must fail the same way rather than find it missing.
   */
  @SuppressWarnings("unchecked")
  private Known decodeFunction(ByteBuffer bytes) {
    try {
      return new Known((TaskFunction<Object, Object>) decode(bytes), null);
    } catch (Throwable e) { // also an Error from a class's static initializer
      return new Known(null, cannotRead(e));
    }
  }

  private static SerializationException cannotRead(Throwable e) {
    return new SerializationException("Worker process " + ProcessHandle.current().pid()
        + " cannot read the task it was sent: " + e, e);
  }

  /** Decodes one object the pool encoded alone, such as the initializer. */
  Object decode(ByteBuffer bytes) throws IOException, ClassNotFoundException {
    try (ObjectInput in = codec.input(stream(bytes), loader)) {
      return in.readObject();
    }
  }

  private static ByteArrayInputStream stream(ByteBuffer bytes) {
    return new ByteArrayInputStream(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
  }
}
