package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.process.pool.WorkerCommand;

/** Workers share one class-data archive, recorded by the first pool's first worker as it exits. */
class ClassDataSharingTest {
  private static final String PROPERTY = "multipool.process.cds";

  @TempDir Path tempDir;
  private final String previous = System.getProperty(PROPERTY);

  @AfterEach
  void restoreProperty() {
    if (previous == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, previous);
    }
  }

  @Test
  void theFirstPoolRecordsAnArchive_thatTheJvmAccepts_andTheNextPoolsWorkersMap() throws Exception {
    // The JVM archives classes from jars only: put this test's whole class path in jars.
    String classPath = jarredClassPath();
    Path cache = tempDir.resolve("cache");
    System.setProperty(PROPERTY, cache.toString());
    try (Pool first = Pool.builder().processes(1).jvmOptions("-cp", classPath).build()) {
      assertThat(first.submit(() -> 6 * 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
    }
    List<Path> archives = archives(cache);
    assertThat(archives).as("written when the first worker exited, before close() returned").hasSize(1);
    Path archive = archives.get(0);

    // -Xshare:on makes the JVM fail rather than go without an archive it cannot map.
    Process check = new ProcessBuilder(WorkerCommand.javaExecutable(), "-Xshare:on",
        "-XX:SharedArchiveFile=" + archive, "-cp", classPath, "-version").redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor()).as(output).isZero();

    try (Pool second = Pool.builder().processes(2).jvmOptions("-cp", classPath).build()) {
      List<String> arguments = second.submit(ClassDataSharingTest::jvmArguments).get(30, TimeUnit.SECONDS);
      assertThat(arguments).contains("-XX:SharedArchiveFile=" + archive);
    }
    assertThat(archives(cache)).containsExactly(archive);
  }

  @Test
  void workersThatCannotRecord_startWithoutTheArchive_andThePoolWorks() throws Exception {
    // JDK 17 refuses to start a JVM that should record an archive it cannot base on the JDK's own,
    // as with compressed class pointers off; later JDKs record anyway.
    System.setProperty(PROPERTY, tempDir.resolve("cache").toString());
    String classPath = jarredClassPath();
    for (int i = 0; i < 2; i++) {
      try (Pool pool = Pool.builder().processes(2)
          .jvmOptions("-cp", classPath, "-XX:-UseCompressedClassPointers").build()) {
        assertThat(pool.map(x -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
      }
    }
  }

  @Test
  void switchedOff_workersStartWithoutArchiveOptions() throws Exception {
    System.setProperty(PROPERTY, "off");
    try (Pool pool = Pool.builder().processes(1).jvmOptions("-cp", jarredClassPath()).build()) {
      List<String> arguments = pool.submit(ClassDataSharingTest::jvmArguments).get(30, TimeUnit.SECONDS);
      assertThat(arguments).noneMatch(argument -> argument.contains("SharedArchiveFile")
          || argument.contains("ArchiveClassesAtExit"));
    }
  }

  private static List<String> jvmArguments() {
    return new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  private static List<Path> archives(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.collect(Collectors.toList());
    }
  }

  /** This JVM's class path with every directory replaced by a jar of its contents. */
  private String jarredClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        Path jar = tempDir.resolve("dir-" + n++ + ".jar");
        if (!Files.exists(jar)) {
          writeJar(path, jar);
        }
        entries.add(jar.toString());
      } else {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void writeJar(Path directory, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out); // leaves the jar open
        out.closeEntry();
      }
    }
  }
}
