package org.multipool.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    List<Member> members = new ArrayList<>();
    HazelcastInstance client = null;
    try {
      for (int i = 0; i < WORKERS; i++) {
        members.add(Member.start(clusterName));
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
      for (Member member : members) {
        member.stop();
      }
    }
  }

  private static void mapTiny(Pool cluster, Pool processes, List<Member> members) {
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
    print("map_tiny_cluster_items_per_s", median(clusterRates));
    print("map_tiny_processes_items_per_s", median(processRates));
    print("map_tiny_caller_cpu_ns_per_item", median(callerCpuPerItem));
    print("map_tiny_members_cpu_ns_per_item", median(memberCpuPerItem));
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
    print("submit_" + name + "_median_us", median(micros));
    print("submit_" + name + "_p99_us", micros.get((int) (micros.size() * 0.99)));
  }

  /**
   * Kills one member at a time (kill -9) while the pool is idle, then times two things: until the
   * pool has noticed (a worker counted lost), and until a map that needs every slot succeeds. A
   * fresh member joins before the next round.
   */
  private static void recovery(Pool pool, List<Member> members, String clusterName) throws Exception {
    List<Double> noticed = new ArrayList<>();
    List<Double> running = new ArrayList<>();
    List<Integer> items = Workloads.range(3 * WORKERS);
    for (int round = 0; round < 3; round++) {
      pool.map(Workloads.SQUARE, items, 1);
      long lostBefore = pool.stats().workersLost();
      Member victim = members.remove(0);
      long killed = System.nanoTime();
      victim.process.destroyForcibly();
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
      victim.process.waitFor();
      members.add(Member.start(clusterName));
      Thread.sleep(1_000); // the newcomer takes its share of the slots
    }
    print("member_loss_noticed_ms", median(noticed));
    print("member_loss_running_again_ms", median(running));
    System.out.println("member_loss_running_again_rounds_ms " + running);
  }

  private static long callerCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long memberCpuNanos(List<Member> members) {
    long total = 0;
    for (Member member : members) {
      total += member.process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
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

  private static ClientConfig clientOf(String clusterName, List<Member> members) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    for (Member member : members) {
      config.getNetworkConfig().addAddress("127.0.0.1:" + member.port);
    }
    config.setProperty("hazelcast.logging.type", "none");
    return config;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void print(String name, double value) {
    System.out.printf("%s %.3f%n", name, value);
  }

  /** A member JVM on 127.0.0.1, started with this JVM's class path. */
  private static final class Member {
    final Process process;
    final int port;

    private Member(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Member start(String clusterName) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ClusterMember.JVM_FLAGS);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ClusterMember.class.getName());
      command.add("--loopback");
      command.add(clusterName);
      command.add("--exit-when-stdin-closes");
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(ClusterMember.READY)) {
          String address = line.substring(ClusterMember.READY.length()).trim().split(" ")[0];
          Thread drain = new Thread(() -> {
            try {
              while (out.readLine() != null) {
                // nothing more of interest
              }
            } catch (IOException e) {
              // it ended
            }
          }, "member-output-" + process.pid());
          drain.setDaemon(true);
          drain.start();
          return new Member(process, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        }
      }
      process.destroyForcibly();
      throw new IOException("A member JVM ended before it joined");
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
