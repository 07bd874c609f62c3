package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The process backend's packages say which JVM a class runs in: {@code pool} (the caller's) and
 * {@code worker} (the worker's) share only {@code wire}, and never reach into each other. The
 * one exception is the pool naming the worker's main class on its command line.
 */
class PackageRuleTest {
  private static final Path SOURCES = Path.of("src/main/java/org/multipool/process");

  @Test
  void poolSide_neverUsesTheWorkerSide_butForTheWorkersMainClass() throws IOException {
    assertThat(filesUsing("pool", "org.multipool.process.worker."))
        .containsExactly("WorkerCommand.java");
    assertThat(lines("pool/WorkerCommand.java").filter(line -> line.contains("org.multipool.process.worker.")))
        .containsExactly("import org.multipool.process.worker.WorkerMain;");
  }

  @Test
  void workerSide_neverUsesThePoolSide() throws IOException {
    assertThat(filesUsing("worker", "org.multipool.process.pool.")).isEmpty();
  }

  @Test
  void wire_usesNeitherSide() throws IOException {
    assertThat(filesUsing("wire", "org.multipool.process.pool.")).isEmpty();
    assertThat(filesUsing("wire", "org.multipool.process.worker.")).isEmpty();
  }

  @Test
  void theRootPackage_holdsOnlyTheBackend() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
          .containsExactly("ProcessBackend.java");
    }
  }

  /** The files of {@code pkg} whose code (not javadoc) names {@code prefix}. */
  private static List<String> filesUsing(String pkg, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
      return files
          .filter(file -> !file.getFileName().toString().equals("package-info.java"))
          .filter(file -> code(file).anyMatch(line -> line.contains(prefix)))
          .map(file -> file.getFileName().toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static Stream<String> lines(String file) throws IOException {
    return code(SOURCES.resolve(file));
  }

  /** The lines of a source file that are not comments. */
  private static Stream<String> code(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
