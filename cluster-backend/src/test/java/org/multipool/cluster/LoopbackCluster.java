package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A cluster on 127.0.0.1 for tests: members in this JVM, and members in JVMs of their own, started
 * with {@link ClusterMember} so that tasks really cross the wire. Every member of one cluster shares
 * a random cluster name, so no two test clusters, and no other cluster, ever merge.
 */
final class LoopbackCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name = "multipool-test-" + UUID.randomUUID();
  private final List<HazelcastInstance> embedded = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> processPorts = new ArrayList<>();

  /** Starts {@code inJvm} members here and {@code separate} in JVMs of their own. */
  static LoopbackCluster start(int inJvm, int separate) throws Exception {
    LoopbackCluster cluster = new LoopbackCluster();
    try {
      for (int i = 0; i < inJvm; i++) {
        cluster.startEmbedded();
      }
      for (int i = 0; i < separate; i++) {
        cluster.startProcess(System.getProperty("java.class.path"));
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  /** The first member in this JVM: the one pools in tests run through. */
  HazelcastInstance caller() {
    return embedded.get(0);
  }

  HazelcastInstance startEmbedded() {
    HazelcastInstance member = LoopbackPeers.join(name);
    embedded.add(member);
    return member;
  }

  /** Starts a member in a JVM of its own with {@code classPath}; returns once it has joined. */
  Process startProcess(String classPath) throws IOException {
    // A quicker start (half the time) and a small heap: tests run little code there.
    ClusterMember.Launched member = ClusterMember.launch(name, classPath, "-XX:TieredStopAtLevel=1", "-Xmx256m");
    processes.add(member.process());
    processPorts.add(member.port());
    return member.process();
  }

  /** The pid of the {@code index}th member started in a JVM of its own. */
  long processPid(int index) {
    return processes.get(index).pid();
  }

  /** Kills the {@code index}th member started in a JVM of its own, as {@code kill -9} would. */
  void killProcess(int index) throws InterruptedException {
    processes.get(index).destroyForcibly().waitFor();
  }

  /** The port of the {@code index}th member started in a JVM of its own. */
  int portOfProcess(int index) {
    return processPorts.get(index);
  }

  /** The class path of this JVM without the test classes: a member that lacks the tasks' classes. */
  static String classPathWithoutTests() {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.endsWith("test-classes") && !entry.endsWith("-tests.jar")) {
        kept.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, kept);
  }

  /** Waits until the cluster, seen from the caller, has {@code size} members. */
  void awaitSize(int size) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (caller().getCluster().getMembers().size() != size) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The cluster has " + caller().getCluster().getMembers().size()
            + " members, not " + size);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    for (HazelcastInstance member : embedded) {
      member.shutdown();
    }
  }
}
