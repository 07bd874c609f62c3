package org.multipool.cluster;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.spi.SharedObjects;

/**
 * The shared queues and maps of a pool on a cluster: Hazelcast queues and maps named after the
 * pool, which {@link #close()} destroys.
 *
 * <p>A queue's capacity is set by a queue configuration that matches its name. Hazelcast keeps a
 * configuration added at run time for as long as the cluster runs, so there is one per capacity,
 * {@code multipool-cap-<capacity>-*}, shared by every pool, rather than one per queue.
 */
final class ClusterSharedObjects implements SharedObjects {
  private final HazelcastInstance hazelcast;
  private final String poolId;
  private final String poolName;
  private final AtomicInteger numbers = new AtomicInteger();
  private final List<ClusterRef> made = new ArrayList<>(); // guarded by itself
  private volatile boolean closed;

  ClusterSharedObjects(HazelcastInstance hazelcast, String poolId, String poolName) {
    this.hazelcast = hazelcast;
    this.poolId = poolId;
    this.poolName = poolName;
  }

  @Override
  public <T> SharedQueue<T> newQueue(int capacity) {
    String family = "multipool-cap-" + capacity + "-";
    addQueueConfig(new QueueConfig(family + "*").setMaxSize(capacity));
    int number = numbers.incrementAndGet();
    return open(new ClusterRef(family + poolId + "-" + number, true, capacity,
        "shared queue " + number + " of pool " + poolName + " (capacity " + capacity + ")"));
  }

  @Override
  public <K, V> SharedMap<K, V> newMap() {
    int number = numbers.incrementAndGet();
    return open(new ClusterRef("multipool-" + poolId + "-map-" + number, false, 0,
        "shared map " + number + " of pool " + poolName));
  }

  @SuppressWarnings("unchecked") // a new queue or map holds what its users will put in
  private <H> H open(ClusterRef ref) {
    synchronized (made) {
      if (closed) {
        throw new IllegalStateException("Cannot make " + ref.description() + ": the pool has ended");
      }
      made.add(ref);
    }
    Object handle = ref.bind(hazelcast, () -> !closed);
    ClusterRef.OPEN.put(ref.name(), handle);
    return (H) handle;
  }

  private void addQueueConfig(QueueConfig config) {
    try {
      hazelcast.getConfig().addQueueConfig(config);
    } catch (InvalidConfigurationException | UnsupportedOperationException e) {
      // the cluster has its own configuration for these queues, which wins
    }
  }

  /** Ends every object: calls fail from now on, and those that wait wake up to fail. */
  @Override
  public void close() {
    synchronized (made) {
      closed = true;
    }
    destroy();
  }

  /**
   * Destroys what the pool made. Called again once the pool's tasks have all ended, because a task
   * that was still running when {@link #close()} destroyed them may have made Hazelcast create one
   * again.
   */
  void destroy() {
    List<ClusterRef> refs;
    synchronized (made) {
      refs = new ArrayList<>(made);
    }
    for (ClusterRef ref : refs) {
      ClusterRef.OPEN.remove(ref.name());
      try {
        if (ref.queue()) {
          QueueChanges.of(hazelcast).forget(ref.name()); // wakes this JVM's calls that wait on it
        }
        (ref.queue() ? hazelcast.getQueue(ref.name()) : hazelcast.getMap(ref.name())).destroy();
      } catch (RuntimeException e) {
        // the instance is down, and what the pool made went with it
      }
    }
  }
}
