package org.multipool.process.worker;

import java.io.ObjectStreamException;
import java.nio.ByteBuffer;
import org.multipool.process.wire.SharedOp;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.AbstractSharedQueue;

/** A shared queue as a task on a worker JVM sees it: every call goes to the pool's JVM. */
final class RemoteQueue<T> extends AbstractSharedQueue<T> {
  private static final long serialVersionUID = 1L;
  private static final byte[] NOTHING = new byte[0];

  private final SharedRef ref;
  private final transient SharedCalls calls;

  RemoteQueue(SharedRef ref, SharedCalls calls) {
    this.ref = ref;
    this.calls = calls;
  }

  /**
   * Puts on credit where the pool set places aside for this worker, which costs no round trip;
   * otherwise asks, and the answer may bring credit for the next items.
   */
  @Override
  protected boolean offer(T item, long waitNanos) throws InterruptedException {
    byte[] encoded = SharedValues.encode(calls.codec(), "an item of class " + item.getClass().getName(), item);
    if (waitNanos > 0 && Thread.interrupted()) {
      throw new InterruptedException(); // as a blocking queue's put does, room or not
    }
    if (calls.takeCredit(ref.id())) {
      calls.send(SharedOp.QUEUE_PUT_RESERVED, ref.id(), encoded);
      return true;
    }
    ByteBuffer answer = ByteBuffer.wrap(calls.call(SharedOp.QUEUE_OFFER, ref.id(), waitNanos, encoded));
    boolean added = answer.get() == 1;
    calls.addCredits(ref.id(), answer.getInt());
    return added;
  }

  @SuppressWarnings("unchecked") // the queue holds what its users put in
  @Override
  protected T poll(long waitNanos) throws InterruptedException {
    byte[] item = calls.call(SharedOp.QUEUE_TAKE, ref.id(), waitNanos, NOTHING);
    return item.length == 0 ? null : (T) SharedValues.decodeOne(calls.codec(), item, calls.loader());
  }

  @Override
  public int size() {
    try {
      return ByteBuffer.wrap(calls.call(SharedOp.QUEUE_SIZE, ref.id(), 0, NOTHING)).getInt();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public int capacity() {
    return ref.capacity();
  }

  @Override
  public String toString() {
    return ref.description();
  }

  private Object writeReplace() throws ObjectStreamException {
    return ref;
  }
}
