package org.multipool.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.UUID;

/**
 * The Hazelcast instance a pool works through, and whether the pool made it (then the pool shuts
 * it down when it closes, and waits for its threads) or the application passed it in (then it
 * stays up).
 */
final class ClusterConnection {
  private final HazelcastInstance instance;
  private final boolean owned;

  private ClusterConnection(HazelcastInstance instance, boolean owned) {
    this.instance = instance;
    this.owned = owned;
  }

  /** The application's own instance, which the pool leaves running. */
  static ClusterConnection of(HazelcastInstance instance) {
    return new ClusterConnection(instance, false);
  }

  /**
   * Connects as Hazelcast's own lookup says: a client configuration found makes a client, a member
   * configuration a member; with neither, a member of its own on 127.0.0.1, alone in a cluster
   * with a random name, on a port the system picks, so the zero-setup path works on one machine,
   * joins nothing else, and starts whatever ports others hold. Never Hazelcast's built-in default,
   * which would look for a cluster named "dev" on the network. Every one of them filters what it
   * deserializes ({@link DeserializationFilter}) unless its configuration has a filter of its own.
   */
  static ClusterConnection lookUp(String poolName) {
    HazelcastInstance instance;
    if (ClusterConfigs.present("hazelcast.client.config", "hazelcast-client")) {
      instance = HazelcastClient.newHazelcastClient(ClusterConfigs.forMultipool(ClientConfig.load()));
    } else if (ClusterConfigs.present("hazelcast.config", "hazelcast")) {
      instance = Hazelcast.newHazelcastInstance(ClusterConfigs.forMultipool(Config.load()));
    } else {
      Config config = ClusterConfigs.loopbackMember("multipool-" + UUID.randomUUID(), List.of());
      config.setInstanceName(poolName);
      instance = Hazelcast.newHazelcastInstance(config);
    }
    return new ClusterConnection(instance, true);
  }

  HazelcastInstance instance() {
    return instance;
  }

  boolean owned() {
    return owned;
  }

  /**
   * Shuts the instance down if the pool made it, and waits (at most {@link InstanceThreads#BOUND})
   * for its threads to end: they are the pool's, and {@code shutdown()} alone leaves some running.
   */
  void release() {
    if (owned) {
      String name = instance.getName(); // a shut-down client no longer tells its name
      instance.shutdown();
      InstanceThreads.awaitEnd(name, InstanceThreads.BOUND);
    }
  }
}
