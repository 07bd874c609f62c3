package org.multipool.examples;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.multipool.Pool;
import org.multipool.cluster.ClusterBackend;
import org.multipool.cluster.ClusterMember;

/**
 * The same pool on a Hazelcast cluster: two member JVMs on 127.0.0.1 run the tasks, one of them is
 * killed halfway, and the pool goes on with the other. Only the tasks the dead member had begun
 * fail, with {@code WorkerCrashedException}; the ones it held but had not begun run on the other
 * member, once.
 *
 * <pre>{@code
 * HazelcastInstance client = HazelcastClient.newHazelcastClient(config);   // or a member you run
 * try (Pool pool = Pool.builder().backend(ClusterBackend.on(client), 4).build()) {
 *   pool.map(x -> x * x, items);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ScalingOut {
  static final Example EXAMPLE = Example.of("cluster",
      "two member JVMs of a Hazelcast cluster run the tasks; one is killed halfway and the pool goes on",
      ScalingOut::run,
      Option.number("tasks", 60, 4, 100_000, "how many tasks to run"),
      Option.number("task-ms", 100, 1, 60_000, "how long each task works"));

  private ScalingOut() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if the cluster does something other than what the example expects
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int tasks = options.intValue("tasks");
    long taskMillis = options.longValue("task-ms");
    String clusterName = "multipool-example-" + UUID.randomUUID();
    List<ClusterMember.Launched> members = new ArrayList<>();
    HazelcastInstance client = null;
    try {
      // The name is the cluster's only lock: launch hands it to the members on their standard input.
      System.out.println("Starting two member JVMs on 127.0.0.1, in a cluster with a random name...");
      members.add(startMember(clusterName));
      members.add(startMember(clusterName));
      for (ClusterMember.Launched member : members) {
        System.out.printf("  member pid %d at 127.0.0.1:%d%n", member.process().pid(), member.port());
      }
      client = HazelcastClient.newHazelcastClient(clientOf(clusterName, members));

      try (Pool pool = Pool.builder().backend(ClusterBackend.on(client), 4).name("scaling-out").build()) {
        System.out.printf("%nA pool of 4 slots over both members runs %d tasks of %d ms.%n", tasks, taskMillis);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
          futures.add(pool.submit(() -> {
            Thread.sleep(taskMillis);
            return ProcessHandle.current().pid();
          }));
        }
        awaitDone(futures, tasks / 3);
        ClusterMember.Launched doomed = members.get(1);
        doomed.process().destroyForcibly().waitFor();
        System.out.printf("A third of them done: killed member pid %d (kill -9).%n%n", doomed.process().pid());

        report(futures);

        List<Long> after = pool.map(x -> ProcessHandle.current().pid(), IntStream.range(0, 8).boxed()
            .collect(Collectors.toList()), 1);
        System.out.printf("%nThen a map of 8 items ran in pids %s: the slots of the dead member moved to the"
            + " one left.%n", after.stream().distinct().sorted().collect(Collectors.toList()));
        System.out.println("Pool stats: " + pool.stats());
      }
    } finally {
      if (client != null) {
        client.shutdown();
      }
      for (ClusterMember.Launched member : members) {
        member.stop();
      }
    }
    System.out.println("Member processes still running: "
        + ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
  }

  private static ClientConfig clientOf(String clusterName, List<ClusterMember.Launched> members) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    for (ClusterMember.Launched member : members) {
      config.getNetworkConfig().addAddress("127.0.0.1:" + member.port());
    }
    config.setProperty("hazelcast.logging.type", "none");
    // what Multipool's own members and clients refuse to deserialize, this client refuses too
    config.getSerializationConfig().setJavaSerializationFilterConfig(ClusterBackend.serializationFilter());
    return config;
  }

  private static void awaitDone(List<CompletableFuture<Long>> futures, int count) throws InterruptedException {
    while (futures.stream().filter(CompletableFuture::isDone).count() < count) {
      Thread.sleep(5);
    }
  }

  /** Where each task ran, and why the failed ones failed. */
  private static void report(List<CompletableFuture<Long>> futures) throws InterruptedException {
    Map<Long, Integer> ranIn = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    for (CompletableFuture<Long> future : futures) {
      try {
        ranIn.merge(future.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      } catch (ExecutionException e) {
        failures.merge(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage(), 1, Integer::sum);
      } catch (java.util.concurrent.TimeoutException e) {
        failures.merge("no outcome within 60 s", 1, Integer::sum);
      }
    }
    ranIn.forEach((pid, count) -> System.out.printf("  %3d tasks finished in member pid %d%n", count, pid));
    failures.forEach((why, count) -> System.out.printf("  %3d tasks failed: %s%n", count, why));
  }

  /** Starts a member JVM on 127.0.0.1 with this JVM's class path, where the tasks' classes are. */
  private static ClusterMember.Launched startMember(String clusterName) throws IOException {
    return ClusterMember.launch(clusterName, System.getProperty("java.class.path"),
        "-XX:TieredStopAtLevel=1"); // starts in half the time; the tasks here are short
  }
}
