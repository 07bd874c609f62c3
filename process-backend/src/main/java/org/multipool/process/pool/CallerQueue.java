package org.multipool.process.pool;

import java.io.ObjectStreamException;
import java.time.Duration;
import org.multipool.SharedQueue;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.AbstractSharedQueue;

/**
 * A shared queue of a pool of worker JVMs, as the caller holds it. The queue itself holds items as
 * the codec encoded them: an item a worker puts is stored as it arrived and sent as it is to a
 * worker that takes it, and one the caller puts is encoded here, so that an item no worker could
 * read fails the {@code put} that passed it.
 */
final class CallerQueue<T> extends AbstractSharedQueue<T> {
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
  protected boolean offer(T item, long nanos) throws InterruptedException {
    byte[] bytes = SharedValues.encode(codec, "an item of class " + item.getClass().getName(), item);
    if (nanos == FOREVER) {
      encoded.put(bytes);
      return true;
    }
    return nanos == 0 ? encoded.offer(bytes) : encoded.offer(bytes, Duration.ofNanos(nanos));
  }

  @Override
  protected T poll(long nanos) throws InterruptedException {
    return decode(nanos == FOREVER ? encoded.take() : nanos == 0 ? encoded.poll() : encoded.poll(Duration.ofNanos(nanos)));
  }

  @Override
  public int size() {
    return encoded.size();
  }

  /** The id workers reach the queue by. */
  String id() {
    return ref.id();
  }

  @Override
  public int capacity() {
    return ref.capacity();
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
