package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.SerializationException;

/**
 * What keeps other users of the machine out of a loopback cluster, and what a member refuses to
 * deserialize: the cluster's name never on a member's command line or in its environment, no
 * default name, a deserialization filter on every member, and a zero-configuration pool that
 * starts whatever ports others hold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSecurityTest {
  private static final String GADGET = InvokerTransformer.class.getName();

  @TempDir Path tempDir;

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  @Test
  void launchedMember_hasTheClusterNameNeitherOnItsCommandLineNorInItsEnvironment() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2); // it joined the cluster by that name
      long pid = cluster.processPid(0);
      ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
      String arguments = String.join(" ", info.arguments().orElse(new String[0]));
      assertThat(arguments + info.commandLine().orElse("")).contains(ClusterMember.class.getName())
          .doesNotContain(cluster.name());
      Path proc = Paths.get("/proc", String.valueOf(pid));
      if (Files.isDirectory(proc)) { // Linux: the whole command line, as every user sees it, and the environment
        assertThat(Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1))
            .contains(ClusterMember.class.getName()).doesNotContain(cluster.name());
        assertThat(Files.readString(proc.resolve("environ"), StandardCharsets.ISO_8859_1))
            .doesNotContain(cluster.name());
      }
    }
  }

  @Test
  void memberWithNothingToJoin_orWithTheNameOnItsCommandLine_refusesToStart() throws Exception {
    MemberRun bare = runMember();
    assertThat(bare.exitCode).as("exit code with no options").isEqualTo(2);
    assertThat(bare.errors).contains("No cluster to join").contains("no default cluster name")
        .contains("--loopback-name-on-stdin");

    MemberRun named = runMember("--loopback", "visible-to-everyone");
    assertThat(named.exitCode).as("exit code with --loopback NAME").isEqualTo(2);
    assertThat(named.errors).contains("(ps)").contains("--loopback-name-on-stdin");
  }

  @Test
  void aGadgetClassInATaskOrAResult_isRefusedOnEveryMember_andOtherTasksRun() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 2).build()) {
        InvokerTransformer gadget = new InvokerTransformer("exec");
        // Two slots on two members, one each: tasks that take a moment land on both.
        List<CompletableFuture<String>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          sent.add(pool.submit(() -> {
            Thread.sleep(20);
            return gadget.toString();
          }));
        }
        for (CompletableFuture<String> task : sent) {
          Throwable failure = catchThrowable(() -> task.get(60, TimeUnit.SECONDS));
          assertThat(failure).as("a task that carries a gadget").isNotNull();
          assertThat(failure.getCause()).isInstanceOf(SerializationException.class)
              .hasMessageContaining(GADGET).hasMessageContaining("refused by Multipool's deserialization filter");
        }

        Throwable returned = catchThrowable(() -> pool.submit(() -> new InvokerTransformer("exec"))
            .get(60, TimeUnit.SECONDS));
        assertThat(returned).as("a task that returns a gadget").isNotNull()
            .hasStackTraceContaining(GADGET).hasStackTraceContaining("refused by Multipool's deserialization filter");

        assertThat(pool.map(x -> x * x, range(100))).isEqualTo(range(100).stream().map(x -> x * x)
            .collect(Collectors.toList()));
      }
    }
  }

  @Test
  void aGadgetClassInAHazelcastMap_isRefusedByEveryMember() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      String clusterName = cluster.name();
      cluster.caller().getMap("gadgets").put("gadget", new InvokerTransformer("exec"));
      cluster.caller().getMap("gadgets").put("plain", List.of("a", "b"));

      assertThat(catchThrowable(() -> cluster.caller().getMap("gadgets").get("gadget")))
          .hasStackTraceContaining("Resolving class " + GADGET + " is not allowed");
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 2).build()) {
        // each item reads the map on the member it runs on; they take a moment, so both members run some
        List<String> read = pool.map(i -> readOnThisMember(clusterName), range(8), 1);
        assertThat(read.stream().map(line -> line.split(" ")[0]).distinct())
            .as("the members that read").hasSize(2);
        assertThat(read).allSatisfy(line -> assertThat(line)
            .contains("plain=[a, b]").contains("Resolving class " + GADGET + " is not allowed"));
      }
    }
  }

  /** Reads the map "gadgets" through the member of {@code clusterName} in this JVM: "PID plain=... gadget=...". */
  private static String readOnThisMember(String clusterName) throws InterruptedException {
    Thread.sleep(50);
    HazelcastInstance member = Hazelcast.getAllHazelcastInstances().stream()
        .filter(instance -> instance.getConfig().getClusterName().equals(clusterName)).findFirst().orElseThrow();
    String gadget;
    try {
      gadget = String.valueOf(member.getMap("gadgets").get("gadget"));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      gadget = cause.getMessage();
    }
    return ProcessHandle.current().pid() + " plain=" + member.getMap("gadgets").get("plain") + " gadget=" + gadget;
  }

  /** Hazelcast's usual ports: a member that scans for peers contacts these. */
  private static final int FIRST_USUAL_PORT = 5701;
  private static final int USUAL_PORTS = 20;

  /**
   * Holds Hazelcast's usual loopback ports, as another user of the machine could, and counts the
   * connections made to them.
   */
  private static final class HeldPorts implements AutoCloseable {
    final List<ServerSocket> sockets = new ArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    HeldPorts() throws IOException {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      for (int port = FIRST_USUAL_PORT; port < FIRST_USUAL_PORT + USUAL_PORTS; port++) {
        try {
          ServerSocket socket = new ServerSocket(port, 50, loopback);
          sockets.add(socket);
          Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
              try (Socket accepted = socket.accept()) {
                connections.incrementAndGet();
              } catch (IOException e) {
                // closed: the test is over
              }
            }
          }, "held-port-" + port);
          acceptor.setDaemon(true);
          acceptor.start();
        } catch (IOException e) {
          // someone else holds it already: as good
        }
      }
    }

    boolean holds(int port) {
      return port >= FIRST_USUAL_PORT && port < FIRST_USUAL_PORT + USUAL_PORTS;
    }

    @Override
    public void close() throws IOException {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void zeroConfigPool_startsOnAFreePort_whenOthersHoldTheLoopbackPorts_andFiltersWhatItReads() throws Exception {
    try (HeldPorts held = new HeldPorts()) {
      String name = "free-port-" + System.nanoTime();
      try (Pool pool = Pool.builder().backend("cluster", 2).name(name).build()) {
        assertThat(pool.map(x -> x + 1, range(50))).isEqualTo(range(50).stream().map(x -> x + 1)
            .collect(Collectors.toList()));
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(name);
        int port = member.getCluster().getLocalMember().getAddress().getPort();
        assertThat(held.holds(port)).as("port %d is one of those held", port).isFalse();
        member.getMap("gadgets").put("gadget", new InvokerTransformer("exec"));
        assertThat(catchThrowable(() -> member.getMap("gadgets").get("gadget")))
            .hasStackTraceContaining("Resolving class " + GADGET + " is not allowed");
      }
    }
  }

  @Test
  void loopbackMembers_findEachOther_withoutContactingPortsTheyWereNotToldOf() throws Exception {
    try (HeldPorts held = new HeldPorts(); LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2); // the member in a JVM of its own joined the one here
      HazelcastInstance third = cluster.startEmbedded();
      cluster.awaitSize(3);
      assertThat(third.getCluster().getMembers()).hasSize(3);
      assertThat(held.connections).as("join requests, with the cluster's name, sent to ports others hold")
          .hasValue(0);
    }
  }

  /** What a member JVM said on its error output, and how it ended. */
  private record MemberRun(int exitCode, String errors) {}

  /** Runs {@link ClusterMember} with {@code args} in a fresh directory, its input closed; waits for it to end. */
  private MemberRun runMember(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ClusterMember.JVM_FLAGS);
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        ClusterMember.class.getName()));
    command.addAll(List.of(args));
    Path dir = Files.createTempDirectory(tempDir, "member");
    Path errors = dir.resolve("errors.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
    try {
      process.getOutputStream().close();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the member JVM ended, given " + List.of(args)).isTrue();
      return new MemberRun(process.exitValue(), Files.readString(errors));
    } finally {
      process.destroyForcibly().waitFor();
    }
  }
}
