package org.multipool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code multipool-examples.jar}, run with {@code java -jar} as the README says: the
 * launcher, the merged backend registrations, and worker JVMs that find every class in the one jar.
 */
class ExamplesJarIT {

  @Test
  void quickstart_runsOnWorkerJvmsFromTheJar() throws Exception {
    Result result = javaJar("quickstart");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output).contains("squares = [1, 4, 9, 16, 25, 36, 49, 64]");
  }

  @Test
  void images_workersLoadImageIoAndTheExamplesClassesFromTheJar() throws Exception {
    Result result = javaJar("images", "--samples", "2", "--size", "32");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output).containsPattern("worker \\d+: sample-01.png 32x24 -> processed_sample-01.png 16x12 gray");
  }

  @Test
  void scrape_findsJsoupInTheJar() throws Exception {
    Result result = javaJar("scrape", "--pages", "3", "--delay-ms", "1", "--threads", "2");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output).contains("same products both ways: true");
  }

  @Test
  void badInput_exitsWithCode2AndUsage() throws Exception {
    Result result = javaJar("fractals");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("unknown example 'fractals'").doesNotContain("Exception");
  }

  private static Result javaJar(String... args) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", System.getProperty("examples.jar")));
    command.addAll(List.of(args));
    Path output = Files.createTempFile("multipool-examples-it-", ".txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      process.getOutputStream().close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example ended within 60 s").isTrue();
      return new Result(process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.delete(output);
    }
  }

  private static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
