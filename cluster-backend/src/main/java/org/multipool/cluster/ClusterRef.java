package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What a shared queue's or map's handle becomes when it is serialized: the name of its Hazelcast
 * structure. Deserialized in the caller's JVM it is the caller's handle again; read with a batch
 * on a member, it binds to that member's view of the structure, and ends when the pool's lane on
 * that member does.
 *
 * @param name the name of the Hazelcast queue or map
 * @param queue whether it is a queue, or else a map
 * @param capacity a queue's capacity
 * @param description what the object's {@code toString()} says
 */
record ClusterRef(String name, boolean queue, int capacity, String description) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The caller's handles of every open pool in this JVM, by name. */
  static final Map<String, Object> OPEN = new ConcurrentHashMap<>();

  /** A handle on {@code hazelcast}'s structure, usable while {@code open} says so. */
  Object bind(HazelcastInstance hazelcast, BooleanSupplier open) {
    return queue
        ? new ClusterQueue<>(this, hazelcast.getQueue(name), QueueChanges.of(hazelcast), open)
        : new ClusterMap<>(this, hazelcast.getMap(name), open);
  }

  private Object readResolve() throws ObjectStreamException {
    Object open = OPEN.get(name);
    if (open != null) {
      return open;
    }
    Lane lane = Lane.reading();
    if (lane != null) {
      return bind(lane.member(), lane::poolRuns);
    }
    throw new InvalidObjectException(description + " can be used in its pool's JVM and by the pool's tasks,"
        + " and this is neither, or its pool has ended");
  }
}
