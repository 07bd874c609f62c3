package org.multipool.process.pool;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.Uninterruptibles;
import org.multipool.spi.SharedObjects;

/**
 * The shared queues and maps of a pool of worker JVMs. They live here, in the caller's JVM, as
 * in-memory objects; the caller holds them through {@link CallerQueue} and {@link CallerMap}, and
 * workers reach them through {@link SharedCallServer}, which finds them here by id.
 *
 * <p>A worker that puts into a queue is given credit, places set aside for it ({@link
 * org.multipool.spi.ReservableQueue}), with the answer to a {@code put}; its next puts use them up
 * without waiting for an answer each, so a producer streams its items at the speed of the
 * connection rather than one round trip per item. It gives back what it did not use when its task
 * ends, and what a dead worker held is released.
 */
final class ProcessSharedObjects implements SharedObjects {
  /** The most places of a queue set aside for one worker at a time. */
  private static final int MAX_CREDITS = 64;

  private final SharedObjects memory;
  private final int workers;
  private final Codec codec;
  private final ClassLoader loader;
  private final String idPrefix = UUID.randomUUID() + "/";
  private final AtomicInteger numbers = new AtomicInteger();
  /** The in-memory objects, by id; gone once closed. */
  private final Map<String, Object> served = new ConcurrentHashMap<>();
  /** Runs the workers' calls that wait, for room or for an item, each on a thread of its own. */
  private final ThreadPoolExecutor waits;

  ProcessSharedObjects(String poolName, int workers, Codec codec, ClassLoader loader) {
    this.memory = SharedObjects.inMemory(poolName);
    this.workers = workers;
    this.codec = codec;
    this.loader = loader;
    AtomicInteger threads = new AtomicInteger();
    this.waits = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, poolName + "-shared-wait-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public <T> SharedQueue<T> newQueue(int capacity) {
    SharedQueue<byte[]> encoded = memory.newQueue(capacity); // a ReservableQueue, as inMemory promises
    SharedRef ref = new SharedRef(idPrefix + numbers.incrementAndGet(), true, capacity, encoded.toString());
    return open(ref, encoded, new CallerQueue<>(ref, encoded, codec, loader));
  }

  @Override
  public <K, V> SharedMap<K, V> newMap() {
    SharedMap<K, V> map = memory.newMap();
    SharedRef ref = new SharedRef(idPrefix + numbers.incrementAndGet(), false, 0, map.toString());
    return open(ref, map, new CallerMap<>(ref, map, codec));
  }

  private <H> H open(SharedRef ref, Object object, H handle) {
    served.put(ref.id(), object);
    SharedRef.open(ref.id(), handle);
    return handle;
  }

  /** The in-memory object of {@code id}, or null if it is closed. */
  Object served(String id) {
    return served.get(id);
  }

  /**
   * How many places of a queue a worker may hold set aside at a time: at most half the capacity
   * over all workers, so that the caller and the other workers always find the rest, and none
   * for a queue too small to share that way.
   */
  int creditsFor(int capacity) {
    return Math.min(MAX_CREDITS, capacity / (2 * workers));
  }

  ExecutorService waits() {
    return waits;
  }

  Codec codec() {
    return codec;
  }

  ClassLoader loader() {
    return loader;
  }

  /** Ends every object, which wakes the calls that wait in them, then the threads they waited on. */
  @Override
  public void close() {
    memory.close();
    served.keySet().forEach(SharedRef::closed);
    served.clear();
    waits.shutdown();
    Uninterruptibles.awaitTermination(waits);
  }
}
