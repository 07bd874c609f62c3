package org.multipool.process.pool;

import java.io.ObjectStreamException;
import java.time.Duration;
import org.multipool.SharedQueue;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.SharedObjectChecks;

/**
 * A shared queue of a pool of worker JVMs, as the caller holds it. The queue itself holds items as
 * the codec encoded them: an item a worker puts is stored as it arrived and sent as it is to a
 * worker that takes it, and one the caller puts is encoded here, so that an item no worker could
 * read fails the {@code put} that passed it.
 */
final class CallerQueue<T> implements SharedQueue<T> {
  private static final long serialVersionUID = 1L;

  private final SharedRef ref;
  private final transient SharedQueue<byte[]> encoded;
  private final transient Codec codec;
  private final transient ClassLoader loader;

  CallerQueue(SharedRef ref, SharedQueue<byte[]> encoded, Codec codec, ClassLoader loader) {
    this.ref = ref;
    this.encoded = encoded;
    this.codec = codec;
    this.loader = loader;
  }

  @Override
  public void put(T item) throws InterruptedException {
    encoded.put(encode(item));
  }

  @Override
  public boolean offer(T item) {
    return encoded.offer(encode(item));
  }

  @Override
  public boolean offer(T item, Duration timeout) throws InterruptedException {
    SharedObjectChecks.nanos(timeout);
    return encoded.offer(encode(item), timeout);
  }

  @Override
  public T take() throws InterruptedException {
    return decode(encoded.take());
  }

  @Override
  public T poll() {
    return decode(encoded.poll());
  }

  @Override
  public T poll(Duration timeout) throws InterruptedException {
    return decode(encoded.poll(timeout));
  }

  @Override
  public int size() {
    return encoded.size();
  }

  @Override
  public int capacity() {
    return ref.capacity();
  }

  private byte[] encode(T item) {
    SharedObjectChecks.item(item);
    return SharedValues.encode(codec, "an item of class " + item.getClass().getName(), item);
  }

  @SuppressWarnings("unchecked") // the queue holds what its users put in
  private T decode(byte[] item) {
    return item == null ? null : (T) SharedValues.decodeOne(codec, item, loader);
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }
}
