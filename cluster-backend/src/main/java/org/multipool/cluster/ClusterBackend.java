package org.multipool.cluster;

import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.Objects;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/**
 * The {@code "cluster"} backend: a pool's workers are task slots on the members of a Hazelcast
 * cluster, so the same code that ran on threads or worker JVMs runs across machines.
 *
 * <pre>{@code
 * // Hazelcast's own lookup: hazelcast-client.yaml or hazelcast.yaml on the class path, or the
 * // system properties it documents; with none, a member of its own on 127.0.0.1
 * try (Pool pool = Pool.builder().backend("cluster", 8).build()) {
 *   List<Integer> lengths = pool.map(String::length, words);
 * }
 *
 * // an instance the application has: a member or a client, which the pool leaves running
 * try (Pool pool = Pool.builder().backend(ClusterBackend.on(hazelcast), 8).build()) {
 *   pool.submit(() -> crunch()).get();
 * }
 * }</pre>
 *
 * <p>Members run {@link ClusterMember} with the application's class path, so that the classes of
 * its tasks are there. A member that leaves or dies costs the items it had begun, which fail with
 * {@link org.multipool.WorkerCrashedException}; what it held but had not begun runs on the other
 * members, exactly once, and its slots move to them.
 *
 * @since 0.1.0
 */
public final class ClusterBackend implements PoolBackend {
  /** The id of this backend, for {@code Pool.builder().backend("cluster", n)}. */
  public static final String ID = "cluster";

  private final HazelcastInstance instance; // null: look one up, and own it

  /** Creates the backend that finds its cluster by Hazelcast's own lookup; {@link java.util.ServiceLoader} calls this. */
  public ClusterBackend() {
    this.instance = null;
  }

  private ClusterBackend(HazelcastInstance instance) {
    this.instance = instance;
  }

  /**
   * Returns a backend that runs pools through an instance the application already has, a member
   * or a client. The pool leaves that instance running when it closes.
   *
   * @param instance a running Hazelcast member or client
   * @return the backend, for {@code Pool.builder().backend(backend, n)}
   */
  public static PoolBackend on(HazelcastInstance instance) {
    return new ClusterBackend(Objects.requireNonNull(instance, "instance"));
  }

  /**
   * Returns the deserialization filter Multipool puts on every Hazelcast member and client it
   * configures, for an instance the application configures itself: it refuses the known gadget
   * families of Java deserialization and lets the application's classes through.
   *
   * <pre>{@code
   * clientConfig.getSerializationConfig().setJavaSerializationFilterConfig(ClusterBackend.serializationFilter());
   * }</pre>
   *
   * <p>System property {@code multipool.cluster.serialFilter.allow} (classes and packages, comma
   * separated) makes it refuse every class but those, the JDK's, Hazelcast's and Multipool's;
   * {@code multipool.cluster.serialFilter=off} turns Multipool's filter off, and this method then
   * returns {@code null}. Multipool filters the tasks and results it deserializes itself the same way.
   *
   * @return a new filter configuration, or {@code null} when the filter is off
   * @since 0.1.0
   */
  public static JavaSerializationFilterConfig serializationFilter() {
    return DeserializationFilter.hazelcastConfig();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(work, "work");
    ClusterConnection connection =
        instance != null ? ClusterConnection.of(instance) : ClusterConnection.lookUp(config.name());
    return ClusterWorkers.start(config, work, connection);
  }
}
