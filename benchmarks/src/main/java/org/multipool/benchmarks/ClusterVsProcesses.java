package org.multipool.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.multipool.Pool;
import org.multipool.cluster.ClusterBackend;
import org.multipool.cluster.ClusterMember;

/**
 * The cluster backend side by side with the process backend, in one run: a map of 200,000 tiny
 * items, the round trip of {@code submit(...).get()}, how long the pool takes to run again after
 * a member is killed, and the CPU a batch costs on each side, for the scaling model in the README.
 *
 * <p>The cluster is three member JVMs on 127.0.0.1, reached by a Hazelcast client in this JVM, so
 * that every task crosses the wire and this JVM's CPU is the caller's alone. Both pools have three
 * workers. Runs alternate between the two pools, and every figure is a median.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.ClusterVsProcesses
 * }</pre>
 */
public final class ClusterVsProcesses {
  private static final int WORKERS = 3;
  private static final int ITEMS = 200_000;
  private static final int RUNS = 5;

  private ClusterVsProcesses() {}

  /**
   * Runs every measurement and prints {@code name value} lines.
   *
   * @param args {@code client} (the default) to reach the members through a Hazelcast client, or
   *     {@code member} to join them as a lite member, which hosts no slots
   * @throws Exception if a pool or the cluster fails
   */
  public static void main(String[] args) throws Exception {
    boolean asMember = args.length > 0 && args[0].equals("member");
    String clusterName = "multipool-bench-" + UUID.randomUUID();
    List<ClusterMember.Launched> members = new ArrayList<>();
    HazelcastInstance client = null;
    try {
      for (int i = 0; i < WORKERS; i++) {
        members.add(startMember(clusterName));
      }
      client = asMember
          ? Hazelcast.newHazelcastInstance(liteMember(clusterName))
          : HazelcastClient.newHazelcastClient(clientOf(clusterName, members));
      try (Pool cluster = Pool.builder().backend(ClusterBackend.on(client), WORKERS).name("bench").build();
          Pool processes = Pool.processes(WORKERS)) {
        mapTiny(cluster, processes, members);
        roundTrip("cluster", cluster);
        roundTrip("processes", processes);
        recovery(cluster, members, clusterName);
      }
    } finally {
      if (client != null) {
        client.shutdown();
      }
      for (ClusterMember.Launched member : members) {
        member.stop();
      }
    }
  }

  private static void mapTiny(Pool cluster, Pool processes, List<ClusterMember.Launched> members) {
    List<Integer> input = Workloads.range(ITEMS);
    for (int i = 0; i < 3; i++) { // warm up both: JIT, class loading, the members' lanes
      cluster.map(Workloads.SQUARE, input);
      processes.map(Workloads.SQUARE, input);
    }
    List<Double> clusterRates = new ArrayList<>();
    List<Double> processRates = new ArrayList<>();
    List<Double> callerCpuPerItem = new ArrayList<>();
    List<Double> memberCpuPerItem = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      long callerCpu = callerCpuNanos();
      long memberCpu = memberCpuNanos(members);
      long start = System.nanoTime();
      cluster.map(Workloads.SQUARE, input);
      long wall = System.nanoTime() - start;
      clusterRates.add(ITEMS / (wall / 1e9));
      callerCpuPerItem.add((callerCpuNanos() - callerCpu) / (double) ITEMS);
      memberCpuPerItem.add((memberCpuNanos(members) - memberCpu) / (double) ITEMS);

      start = System.nanoTime();
      processes.map(Workloads.SQUARE, input);
      processRates.add(ITEMS / ((System.nanoTime() - start) / 1e9));
    }
    SideBySide.print("map_tiny_cluster_items_per_s", SideBySide.median(clusterRates));
    SideBySide.print("map_tiny_processes_items_per_s", SideBySide.median(processRates));
    SideBySide.print("map_tiny_caller_cpu_ns_per_item", SideBySide.median(callerCpuPerItem));
    SideBySide.print("map_tiny_members_cpu_ns_per_item", SideBySide.median(memberCpuPerItem));
  }

  private static void roundTrip(String name, Pool pool) throws Exception {
    for (int i = 0; i < 1_000; i++) {
      pool.submit(() -> 1).get();
    }
    List<Double> micros = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long start = System.nanoTime();
      pool.submit(() -> 1).get();
      micros.add((System.nanoTime() - start) / 1e3);
    }
    Collections.sort(micros);
    SideBySide.print("submit_" + name + "_median_us", SideBySide.median(micros));
    SideBySide.print("submit_" + name + "_p99_us", micros.get((int) (micros.size() * 0.99)));
  }

  /**
   * Kills one member at a time (kill -9) while the pool is idle, then times two things: until the
   * pool has noticed (a worker counted lost), and until a map that needs every slot succeeds. A
   * fresh member joins before the next round.
   */
  private static void recovery(Pool pool, List<ClusterMember.Launched> members, String clusterName) throws Exception {
    List<Double> noticed = new ArrayList<>();
    List<Double> running = new ArrayList<>();
    List<Integer> items = Workloads.range(3 * WORKERS);
    for (int round = 0; round < 3; round++) {
      pool.map(Workloads.SQUARE, items, 1);
      long lostBefore = pool.stats().workersLost();
      ClusterMember.Launched victim = members.remove(0);
      long killed = System.nanoTime();
      victim.process().destroyForcibly();
      while (true) {
        try {
          pool.map(Workloads.SQUARE, items, 1);
          break;
        } catch (RuntimeException e) {
          // an item begun on the member that died: try again, as a caller would
        }
      }
      running.add((System.nanoTime() - killed) / 1e6);
      while (pool.stats().workersLost() == lostBefore) {
        Thread.sleep(1);
      }
      noticed.add((System.nanoTime() - killed) / 1e6);
      victim.process().waitFor();
      members.add(startMember(clusterName));
      Thread.sleep(1_000); // the newcomer takes its share of the slots
    }
    SideBySide.print("member_loss_noticed_ms", SideBySide.median(noticed));
    SideBySide.print("member_loss_running_again_ms", SideBySide.median(running));
    System.out.println("member_loss_running_again_rounds_ms " + running);
  }

  private static long callerCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long memberCpuNanos(List<ClusterMember.Launched> members) {
    long total = 0;
    for (ClusterMember.Launched member : members) {
      total += member.process().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return total;
  }

  /** A lite member: part of the cluster, hosting no data and, for Multipool, no slots. */
  private static Config liteMember(String clusterName) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setLiteMember(true);
    config.getNetworkConfig().setPort(5701).setPortAutoIncrement(true).setPortCount(20);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    for (int port = 5701; port < 5707; port++) {
      config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    }
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    return config;
  }

  private static ClientConfig clientOf(String clusterName, List<ClusterMember.Launched> members) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    for (ClusterMember.Launched member : members) {
      config.getNetworkConfig().addAddress("127.0.0.1:" + member.port());
    }
    config.setProperty("hazelcast.logging.type", "none");
    return config;
  }

  /** Starts a member JVM on 127.0.0.1 with this JVM's class path, where the tasks' classes are. */
  private static ClusterMember.Launched startMember(String clusterName) throws IOException {
    return ClusterMember.launch(clusterName, System.getProperty("java.class.path"));
  }
}
