package org.multipool.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts a member of a Multipool cluster. Run it on every machine that should run tasks, with the
 * application's class path, so that the classes of its tasks are there:
 *
 * <pre>{@code
 * java <flags> -cp "app.jar:lib/*" org.multipool.cluster.ClusterMember --config member.yaml
 * }</pre>
 *
 * <p>{@code --config FILE} names a Hazelcast member configuration (XML or YAML). Without it, the
 * member uses Hazelcast's own lookup ({@code -Dhazelcast.config}, or {@code hazelcast.yaml} in the
 * working directory or on the class path). {@code --loopback-name-on-stdin} makes it a member of a
 * cluster on this machine only (127.0.0.1) instead, whose name it reads as the first line of its
 * standard input, and which it joins through a list of its members only this user can read, never
 * by trying ports: open-source Hazelcast has no authentication, so that name is the cluster's only
 * lock, and a command line (or an environment) is never the place for it. With none of these, the
 * member refuses to start: there is no default name, which anyone could guess.
 * {@code --exit-when-stdin-closes} ends the member when the process that started it closes its
 * standard input, so a member started by a program never outlives it. {@link #JVM_FLAGS} are the
 * flags Hazelcast asks of the JVM.
 *
 * <pre>{@code
 * # cluster-name: a file only its owner can read, the name on its first line
 * java <flags> -cp "app.jar:lib/*" org.multipool.cluster.ClusterMember --loopback-name-on-stdin < cluster-name
 * }</pre>
 *
 * <p>It prints one line when the member has joined, then runs until the JVM is asked to stop.
 *
 * @since 0.1.0
 */
public final class ClusterMember {
  /**
   * The JVM flags Hazelcast asks for on JDK 17 and newer (without them it warns and runs slower
   * paths), for a JVM of the same version as this one: from JDK 24, also the one that lets it use
   * {@code sun.misc.Unsafe} without a warning.
   */
  public static final List<String> JVM_FLAGS = jvmFlags(Runtime.version().feature());

  /** The line a member prints once it has joined; programs that start members wait for it. */
  public static final String READY = "Multipool cluster member ready:";

  private static final String NAME_ON_STDIN = "--loopback-name-on-stdin";
  private static final int MAX_NAME_BYTES = 4096;

  /**
   * A member this JVM started in a JVM of its own, with {@link #launch}.
   *
   * @param process the member's JVM; destroying it ({@code kill}) shuts the member down, and
   *     {@link Process#destroyForcibly()} kills it
   * @param port the port the member listens on, on 127.0.0.1
   */
  public record Launched(Process process, int port) {
    /**
     * Shuts the member down and waits for its JVM to end; kills it if it has not ended after 20
     * seconds.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Starts a member in a JVM of its own on this machine, in the loopback cluster {@code clusterName}
   * (127.0.0.1 only), and returns once it has joined: for tests, examples and benchmarks that need
   * a cluster on one machine. The name reaches the member on its standard input, never on its
   * command line or in its environment, where other users of the machine could read it: give a
   * name no one can guess, such as one with a random {@link java.util.UUID} in it. The member ends
   * when this JVM ends, even if this JVM is killed, since it watches its standard input; its error
   * output is discarded. It gets this JVM's {@code multipool.cluster.serialFilter} settings.
   *
   * <pre>{@code
   * String clusterName = "my-tests-" + UUID.randomUUID();
   * ClusterMember.Launched member = ClusterMember.launch(clusterName, System.getProperty("java.class.path"));
   * clientConfig.setClusterName(clusterName);
   * clientConfig.getNetworkConfig().addAddress("127.0.0.1:" + member.port());
   * }</pre>
   *
   * @param clusterName the cluster to join or start: one line, not blank
   * @param classPath the member's class path: the classes of the tasks it will run must be on it
   * @param jvmOptions more options for the member's JVM
   * @return the member, joined
   * @throws IOException if the JVM cannot start, or ends before it joined
   */
  public static Launched launch(String clusterName, String classPath, String... jvmOptions) throws IOException {
    if (clusterName.isBlank() || clusterName.indexOf('\n') >= 0 || clusterName.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("A cluster name is one line, and not blank");
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    for (String property : List.of(DeserializationFilter.PROPERTY, DeserializationFilter.ALLOW_PROPERTY)) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", classPath, ClusterMember.class.getName(), NAME_ON_STDIN, "--exit-when-stdin-closes"));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      OutputStream stdin = process.getOutputStream(); // stays open: the member ends when it closes
      stdin.write((clusterName + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return new Launched(process, awaitReady(process));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads a member's output until it says it joined; returns its port, and drains the rest. */
  private static int awaitReady(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        // "Multipool cluster member ready: [127.0.0.1]:5703 (pid 1234)"
        String address = line.substring(READY.length()).trim().split(" ")[0];
        Thread drain = new Thread(() -> drainLines(out), "multipool-member-output-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      }
    }
    throw new IOException("The member JVM ended before it joined the cluster");
  }

  private static void drainLines(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the member prints nothing more that matters
      }
    } catch (IOException e) {
      // it ended
    }
  }

  private static final String USAGE = "usage: java -cp <application class path> " + ClusterMember.class.getName()
      + " [--config FILE | " + NAME_ON_STDIN + "] [--exit-when-stdin-closes]\n"
      + "  " + NAME_ON_STDIN + ": a member on 127.0.0.1 only; the first line of standard input is the cluster's name";

  private ClusterMember() {}

  static List<String> jvmFlags(int javaVersion) {
    List<String> flags = new ArrayList<>(List.of(
        "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    if (javaVersion >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(flags);
  }

  /**
   * Starts the member and runs until the JVM is stopped.
   *
   * @param args the options above
   * @throws Exception if the member cannot start
   */
  public static void main(String[] args) throws Exception {
    Options options;
    Supplier<HazelcastInstance> starter;
    try {
      options = Options.parse(args);
      starter = options.starter();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    HazelcastInstance member = starter.get();
    CountDownLatch ended = new CountDownLatch(1);
    member.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.SHUTDOWN) {
        ended.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown, "multipool-member-shutdown"));
    PrintStream out = System.out;
    // not the cluster's name: output may end up where others can read it
    out.println(READY + " " + member.getCluster().getLocalMember().getAddress() + " (pid "
        + ProcessHandle.current().pid() + ")");
    out.flush();
    if (options.exitWithStdin) {
      Thread watcher = new Thread(() -> {
        drain(System.in);
        member.shutdown();
      }, "multipool-member-stdin");
      watcher.setDaemon(true);
      watcher.start();
    }
    ended.await();
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // only the end matters
      }
    } catch (IOException e) {
      // closed: the same
    }
  }

  /** The command line, read. */
  private record Options(String configFile, boolean nameOnStdin, boolean exitWithStdin) {
    static Options parse(String[] args) {
      String file = null;
      boolean nameOnStdin = false;
      boolean exitWithStdin = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--config" -> file = valueOf(args, ++i, "--config");
          case NAME_ON_STDIN -> nameOnStdin = true;
          case "--exit-when-stdin-closes" -> exitWithStdin = true;
          case "--loopback" -> throw new IllegalArgumentException("--loopback NAME is not accepted: every user of"
              + " this machine can read a command line (ps), and the cluster's name is its only lock. Give "
              + NAME_ON_STDIN + " and write the name as the first line of standard input");
          default -> throw new IllegalArgumentException("Unknown option: " + args[i]);
        }
      }
      if (file != null && nameOnStdin) {
        throw new IllegalArgumentException("Give --config or " + NAME_ON_STDIN + ", not both");
      }
      return new Options(file, nameOnStdin, exitWithStdin);
    }

    private static String valueOf(String[] args, int index, String option) {
      if (index >= args.length || args[index].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    /** What starts the member: its configuration is read here, so a wrong one is a usage error. */
    Supplier<HazelcastInstance> starter() throws FileNotFoundException {
      if (configFile != null) {
        Config config = ClusterConfigs.forMultipool(Config.loadFromFile(new java.io.File(configFile)));
        return () -> Hazelcast.newHazelcastInstance(config);
      }
      if (nameOnStdin) {
        String name = readName(System.in);
        return () -> LoopbackPeers.join(name);
      }
      if (ClusterConfigs.present("hazelcast.config", "hazelcast")) {
        Config config = ClusterConfigs.forMultipool(Config.load());
        return () -> Hazelcast.newHazelcastInstance(config);
      }
      throw new IllegalArgumentException("No cluster to join: give --config FILE, a hazelcast.yaml (or"
          + " -Dhazelcast.config), or " + NAME_ON_STDIN + ". There is no default cluster name: anyone on"
          + " this machine could join a cluster whose name they can guess");
    }

    /** The first line of {@code in}, read a byte at a time so that nothing after it is taken. */
    private static String readName(InputStream in) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          if (line.size() == MAX_NAME_BYTES) {
            throw new IllegalArgumentException(NAME_ON_STDIN + ": the first line of standard input is longer than "
                + MAX_NAME_BYTES + " bytes");
          }
          line.write(b);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the cluster's name from standard input", e);
      }
      String name = line.toString(StandardCharsets.UTF_8);
      name = name.endsWith("\r") ? name.substring(0, name.length() - 1) : name;
      if (name.isBlank()) {
        throw new IllegalArgumentException(NAME_ON_STDIN + ": the first line of standard input, the cluster's"
            + " name, is empty");
      }
      return name;
    }
  }
}
