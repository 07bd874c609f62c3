package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.process.pool.WorkerCommand;
import org.multipool.process.worker.WorkerMain;

/** Semantics 14, 15 and 17 (docs/semantics.md): how worker JVMs are started, what they see, and that they never outlive us. */
class LaunchTest {
  private static final long WAIT = 30;

  @TempDir Path tempDir;

  @Test
  void whatATaskPrints_appearsOnTheParentsStdoutAndStderr() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream seenOut = new ByteArrayOutputStream();
    ByteArrayOutputStream seenErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(out, seenOut), true));
    System.setErr(new PrintStream(new Tee(err, seenErr), true));
    try (Pool pool = Pool.processes(1)) {
      String marker = "marker-" + System.nanoTime();
      pool.submit(() -> {
        System.out.println("out " + marker);
        System.err.println("err " + marker);
        return null;
      }).get(WAIT, TimeUnit.SECONDS);
      // The pumps run on their own threads: wait for the text, within a bound.
      awaitContains(seenOut, "out " + marker);
      awaitContains(seenErr, "err " + marker);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void byDefault_workersRunTheSerialCollectorWithAHeapCappedAtTheirShareOfHalfTheMemory() throws Exception {
    try (Pool pool = Pool.processes(2)) {
      List<String> seen = pool.submit(LaunchTest::collectorsAndMaxHeap).get(WAIT, TimeUnit.SECONDS);
      long shareOfHalf = physicalMemory() / 4;
      assertThat(seen.get(0)).isEqualTo("Copy,MarkSweepCompact");
      assertThat(Long.parseLong(seen.get(1))).isLessThanOrEqualTo(shareOfHalf).isGreaterThan(shareOfHalf / 2);
    }
  }

  @Test
  void aCollectorAndHeapOfTheUsers_replaceTheDefaultsWithoutAConflict() throws Exception {
    try (Pool pool = Pool.builder().processes(1).jvmOptions("-XX:+UseParallelGC", "-Xmx96m").build()) {
      List<String> seen = pool.submit(LaunchTest::collectorsAndMaxHeap).get(WAIT, TimeUnit.SECONDS);
      assertThat(seen.get(0)).isEqualTo("PS MarkSweep,PS Scavenge");
      assertThat(Long.parseLong(seen.get(1))).isLessThanOrEqualTo(96L << 20);
    }
  }

  /** The collectors' names, sorted and joined, and the most heap the JVM may use. */
  private static List<String> collectorsAndMaxHeap() {
    String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .sorted()
        .collect(Collectors.joining(","));
    return List.of(collectors, Long.toString(Runtime.getRuntime().maxMemory()));
  }

  private static long physicalMemory() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
  }

  @Test
  void whenTheParentIsKilled_everyWorkerExitsWithinTwoSeconds() throws Exception {
    Process parent = startProgram(ParentProgram.class);
    try {
      List<Long> workers = readWorkers(parent);
      assertThat(workers).hasSize(2);
      assertThat(workers).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
      parent.waitFor(WAIT, TimeUnit.SECONDS);
      assertExitWithinTwoSeconds(workers, System.nanoTime());
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void theSocketDirectoryOfAKilledCaller_isRemovedByTheNextCallersFirstPool() throws Exception {
    Process killed = startProgram(ParentProgram.class);
    Path directory;
    try {
      long worker = readWorkers(killed).get(0);
      List<String> arguments = List.of(ProcessHandle.of(worker).orElseThrow().info().arguments().orElseThrow());
      directory = Path.of(arguments.get(arguments.indexOf(WorkerMain.class.getName()) + 1)).getParent();
      assertThat(directory).isDirectory();
    } finally {
      killed.destroyForcibly(); // SIGKILL: neither close() nor a shutdown hook removes the directory
    }
    assertThat(killed.waitFor(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(directory).as("left by the killed caller").isDirectory();

    Process next = startProgram(ForgetfulProgram.class);
    try {
      assertThat(readWorkers(next)).hasSize(2);
      assertThat(next.waitFor(WAIT, TimeUnit.SECONDS)).isTrue();
    } finally {
      next.destroyForcibly();
    }
    assertThat(directory).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"return", "throw"})
  void aProgramThatNeverClosesItsPool_exits_andItsWorkersGoWithIt(String howMainEnds) throws Exception {
    Process program = new ProcessBuilder(programCommand(ForgetfulProgram.class, howMainEnds))
        .redirectError(ProcessBuilder.Redirect.DISCARD) // the stack trace of "throw"
        .start();
    try {
      List<Long> workers = readWorkers(program);
      assertThat(workers).hasSize(2);
      assertThat(program.waitFor(WAIT, TimeUnit.SECONDS))
          .as("the program's JVM exited after main ended without close()").isTrue();
      assertThat(program.exitValue()).isEqualTo(howMainEnds.equals("throw") ? 1 : 0);
      assertExitWithinTwoSeconds(workers, System.nanoTime());
    } finally {
      program.destroyForcibly();
    }
  }

  @Test
  void fromAPlainJavaCommandAndFromAJar_workersRunTheCallersClasses() throws Exception {
    // ParentProgram's tasks are lambdas of a class that only the class path of the parent has.
    Process plain = new ProcessBuilder(WorkerCommand.javaExecutable(), "-cp",
        System.getProperty("java.class.path"), ParentProgram.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      assertThat(readWorkers(plain)).hasSize(2);
    } finally {
      plain.destroyForcibly();
    }
    Path jar = tempDir.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ParentProgram.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPathUrls());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      // only the manifest: everything comes through its Class-Path, as in many application jars
    }
    Process fromJar = new ProcessBuilder(WorkerCommand.javaExecutable(), "-jar", jar.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      assertThat(readWorkers(fromJar)).hasSize(2);
    } finally {
      fromJar.destroyForcibly();
    }
  }

  @Test
  void classesOfTheCallersOwnClassLoader_reachTheWorkers() throws Exception {
    Path classes = tempDir.resolve("extra");
    Files.createDirectories(classes.resolve("extra"));
    Path source = classes.resolve("extra/Extra.java");
    Files.writeString(source, "package extra;\n"
        + "public class Extra implements java.io.Serializable {\n"
        + "  private final int n;\n"
        + "  public Extra(int n) { this.n = n; }\n"
        + "  @Override public String toString() { return \"extra \" + n + \" in \" + ProcessHandle.current().pid(); }\n"
        + "}\n");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler.run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader nested = new URLClassLoader(new URL[] {classes.toUri().toURL()}, previous)) {
      Class<?> extra = nested.loadClass("extra.Extra");
      Object item = extra.getConstructor(int.class).newInstance(5);
      Thread.currentThread().setContextClassLoader(nested);
      try (Pool pool = Pool.processes(1)) {
        List<Object> sameItems = pool.map(x -> x, List.of(item));
        assertThat(sameItems.get(0).getClass()).isSameAs(extra); // came back through the pool's loader
        List<String> described = pool.map(Object::toString, List.of(item));
        assertThat(described.get(0)).startsWith("extra 5 in ")
            .doesNotEndWith(" " + ProcessHandle.current().pid());
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** The command that runs {@code main}'s class as a JVM of its own, on this JVM's class path. */
  private static List<String> programCommand(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(WorkerCommand.javaExecutable(), "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static Process startProgram(Class<?> main) throws IOException {
    return new ProcessBuilder(programCommand(main)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Fails unless every one of {@code workers} has exited within two seconds of {@code since}. */
  private static void assertExitWithinTwoSeconds(List<Long> workers, long since) throws Exception {
    for (long pid : workers) {
      while (isRunning(pid)) {
        assertThat(Duration.ofNanos(System.nanoTime() - since))
            .as("worker %d still alive", pid).isLessThan(Duration.ofSeconds(2));
        Thread.sleep(10);
      }
    }
  }

  private static List<Long> readWorkers(Process parent) throws IOException {
    List<Long> workers = new ArrayList<>();
    BufferedReader lines = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null && !line.equals("READY"); ) {
      if (line.startsWith("WORKER ")) {
        workers.add(Long.parseLong(line.substring("WORKER ".length())));
      }
    }
    return workers;
  }

  private static String classPathUrls() {
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toString());
    }
    return urls.stream().collect(Collectors.joining(" "));
  }

  private static void awaitContains(ByteArrayOutputStream seen, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(WAIT).toNanos();
    while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
      assertThat(System.nanoTime() - deadline).as("waiting for %s", text).isNegative();
      Thread.sleep(5);
    }
  }

  /**
   * Whether a process still runs. An orphaned worker that has exited stays a zombie until the
   * machine's init process reaps it, which on some machines takes a second or more, and {@link
   * ProcessHandle#isAlive} counts zombies as alive; on Linux the process's state tells them apart.
   */
  private static boolean isRunning(long pid) throws IOException {
    Path stat = Paths.get("/proc", Long.toString(pid), "stat");
    if (!Files.isDirectory(Paths.get("/proc", "self"))) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    String line;
    try {
      line = Files.readString(stat);
    } catch (NoSuchFileException e) {
      return false;
    }
    char state = line.charAt(line.lastIndexOf(')') + 2); // the name, in parentheses, may hold spaces
    return state != 'Z' && state != 'X';
  }
}
