package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;

/** Semantics 17 (docs/semantics.md): what tasks print in workers reaches this JVM's stdout, each line whole. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerOutputTest {
  private static final int LINES = 300;

  @Test
  void linesThatWorkersPrintAtOnce_arriveWhole() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(seen, stdout), true, StandardCharsets.UTF_8));
    try (Pool pool = Pool.processes(2)) {
      // printf flushes each of its pieces: without whole lines, one worker's line breaks into another's
      pool.map(name -> {
        for (int i = 0; i < LINES; i++) {
          System.out.printf("worker-output %s, line %d of %d%n", name, i, LINES);
        }
        return name;
      }, List.of("squares", "cubes"), 1);
    } finally {
      System.setOut(stdout);
    }
    List<String> lines = seen.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains("worker-output")).collect(Collectors.toList());
    assertThat(lines).hasSize(2 * LINES)
        .allMatch(line -> line.matches("worker-output (squares|cubes), line \\d+ of " + LINES));
  }
}
