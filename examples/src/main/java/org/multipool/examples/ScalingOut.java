package org.multipool.examples;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
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
    List<Member> members = new ArrayList<>();
    HazelcastInstance client = null;
    try {
      System.out.println("Starting two member JVMs on 127.0.0.1 (cluster " + clusterName + ")...");
      members.add(Member.start(clusterName));
      members.add(Member.start(clusterName));
      for (Member member : members) {
        System.out.printf("  member pid %d at 127.0.0.1:%d%n", member.process.pid(), member.port);
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
        Member doomed = members.get(1);
        doomed.process.destroyForcibly().waitFor();
        System.out.printf("A third of them done: killed member pid %d (kill -9).%n%n", doomed.process.pid());

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
      for (Member member : members) {
        member.stop();
      }
    }
    System.out.println("Member processes still running: "
        + ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
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

  /** A member JVM this example started, and the port it listens on. */
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
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-cp");
      command.add(System.getProperty("java.class.path")); // the tasks' classes are there
      command.add(ClusterMember.class.getName());
      command.add("--loopback");
      command.add(clusterName);
      command.add("--exit-when-stdin-closes"); // a member never outlives this example
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        return new Member(process, awaitReady(process));
      } catch (IOException | RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    }

    /** Reads the member's output until it says it joined; returns its port. */
    private static int awaitReady(Process process) throws IOException {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(ClusterMember.READY)) {
          String address = line.substring(ClusterMember.READY.length()).trim().split(" ")[0];
          Thread drain = new Thread(() -> drain(out), "member-output-" + process.pid());
          drain.setDaemon(true);
          drain.start();
          return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
      }
      throw new IOException("The member JVM ended before it joined the cluster");
    }

    private static void drain(BufferedReader out) {
      try {
        while (out.readLine() != null) {
          // the member prints nothing more of interest
        }
      } catch (IOException e) {
        // it ended
      }
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
