package org.multipool.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializationConfig;
import java.io.File;
import java.net.URL;
import java.util.List;

/**
 * The Hazelcast configurations Multipool makes itself, and how it tells whether the application
 * has one of its own.
 */
final class ClusterConfigs {
  /** The member attribute that carries a member's process id, for {@code WorkerCrashedException}. */
  static final String PID_ATTRIBUTE = "multipool.pid";
  /** The executors of every pool: a running batch waits on one of its threads, so it needs many. */
  static final String EXECUTORS = "multipool-*";
  static final int EXECUTOR_THREADS = 512;

  private ClusterConfigs() {}

  /**
   * A member of the cluster {@code clusterName} on 127.0.0.1 only: no multicast, no discovery, no
   * phone-home, and no shutdown hook (the pool or {@link ClusterMember} shuts it down). It listens
   * on a port the system picks, so that ports others hold never keep it from starting, and joins
   * {@code peers} ("127.0.0.1:PORT", see {@link LoopbackPeers}) alone: it never sends its join
   * request, which carries the cluster's name, to a port it was not told of. With no peers, it
   * starts alone, at once.
   */
  static Config loopbackMember(String clusterName, List<String> peers) {
    Config config = new Config();
    config.setClusterName(clusterName);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0).setPortAutoIncrement(false); // any free port
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    peers.forEach(join.getTcpIpConfig()::addMember);
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    if (System.getProperty("hazelcast.logging.type") == null) {
      config.setProperty("hazelcast.logging.type", "none"); // -Dhazelcast.logging.type=jdk shows its log
    }
    return forMultipool(config);
  }

  /**
   * Adds what every member of a Multipool cluster needs: its pid, room for running batches, and
   * Multipool's deserialization filter unless the configuration has a filter of its own.
   */
  static Config forMultipool(Config config) {
    config.getMemberAttributeConfig().setAttribute(PID_ATTRIBUTE, String.valueOf(ProcessHandle.current().pid()));
    if (config.getExecutorConfigs().get(EXECUTORS) == null) {
      config.addExecutorConfig(executors());
    }
    filter(config.getSerializationConfig());
    return config;
  }

  /** Adds Multipool's deserialization filter to a client, unless its configuration has a filter of its own. */
  static ClientConfig forMultipool(ClientConfig config) {
    filter(config.getSerializationConfig());
    return config;
  }

  private static void filter(SerializationConfig serialization) {
    if (serialization.getJavaSerializationFilterConfig() == null) {
      serialization.setJavaSerializationFilterConfig(DeserializationFilter.hazelcastConfig());
    }
  }

  static ExecutorConfig executors() {
    return new ExecutorConfig(EXECUTORS).setPoolSize(EXECUTOR_THREADS).setStatisticsEnabled(false);
  }

  /**
   * Whether Hazelcast's own lookup would find a configuration file: the system property, then
   * the working directory, then the class path, as its locators search.
   *
   * @param property {@code hazelcast.config} or {@code hazelcast.client.config}
   * @param baseName {@code hazelcast} or {@code hazelcast-client}
   */
  static boolean present(String property, String baseName) {
    if (System.getProperty(property) != null) {
      return true;
    }
    List<String> names = List.of(baseName + ".xml", baseName + ".yaml", baseName + ".yml");
    for (String name : names) {
      if (new File(name).isFile()) {
        return true;
      }
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (String name : names) {
      for (ClassLoader loader : new ClassLoader[] {Config.class.getClassLoader(), context}) {
        URL found = loader == null ? null : loader.getResource(name);
        if (found != null) {
          return true;
        }
      }
    }
    return false;
  }
}
