package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.spi.SharedObjects;

/**
 * The shared objects of one pool whose workers share this JVM's memory.
 *
 * <p>A handle serialized in this JVM comes back as the same object, through a registry of the
 * objects that are open: a backend that round-trips tasks through serialization in this JVM keeps
 * working, and a handle that reaches another JVM fails to deserialize with a message that says
 * why, rather than turning into a copy that nobody else sees.
 */
public final class LocalSharedObjects implements SharedObjects {
  private static final Map<String, Object> OPEN = new ConcurrentHashMap<>();

  private final String poolName;
  private final String idPrefix = UUID.randomUUID() + "/";
  private final AtomicInteger numbers = new AtomicInteger();
  @GuardedBy("this")
  private final List<Runnable> closers = new ArrayList<>();
  @GuardedBy("this")
  private boolean closed;

  /**
   * @param poolName the pool's name, which the objects' descriptions carry
   */
  public LocalSharedObjects(String poolName) {
    this.poolName = poolName;
  }

  @Override
  public <T> SharedQueue<T> newQueue(int capacity) {
    int number = numbers.incrementAndGet();
    LocalQueue<T> queue = new LocalQueue<>(idPrefix + number,
        "shared queue " + number + " of pool " + poolName + " (capacity " + capacity + ")", capacity);
    register(queue.toString(), idPrefix + number, queue, queue::close);
    return queue;
  }

  @Override
  public <K, V> SharedMap<K, V> newMap() {
    int number = numbers.incrementAndGet();
    LocalMap<K, V> map = new LocalMap<>(idPrefix + number, "shared map " + number + " of pool " + poolName);
    register(map.toString(), idPrefix + number, map, map::close);
    return map;
  }

  private synchronized void register(String description, String id, Object object, Runnable closer) {
    if (closed) {
      throw new IllegalStateException("Cannot make " + description + ": the pool has ended");
    }
    OPEN.put(id, object);
    closers.add(() -> {
      OPEN.remove(id);
      closer.run();
    });
  }

  @Override
  public void close() {
    List<Runnable> closing;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closing = new ArrayList<>(closers);
      closers.clear();
    }
    closing.forEach(Runnable::run);
  }

  /** The serialized form of an in-memory handle: the id it is registered under. */
  record Ref(String id, String description) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() throws ObjectStreamException {
      Object open = OPEN.get(id);
      if (open == null) {
        throw new InvalidObjectException(description + " lives in the memory of its pool's JVM, and this JVM"
            + " does not hold it open: its pool has ended, or the handle left the JVM it belongs to");
      }
      return open;
    }
  }
}
