package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multipool.process.pool.WorkerCommand;

/** Semantics 12: a result the caller cannot hold fails its own task, and the pool goes on. */
class BigResultTest {

  @Test
  void aResultLargerThanTheCallersHeap_failsItsTask_andThePoolGoesOn() throws Exception {
    // 600 MB cannot arrive in a 256 MB heap: the channel reads past it, and the pool goes on.
    List<String> lines = runWithSmallHeap("600", "1");

    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).startsWith("FAILED SerializationException: Cannot take the result of a task")
        .contains("took 629145", "bytes, which do not fit in this JVM's heap (at most");
    assertThat(lines.get(1)).isEqualTo("NEXT 42");
    assertThat(lines.get(2)).isEqualTo("GOT 1048576");
    assertThat(lines.subList(3, 7)).containsExactly("NEXT 42", "MAP 8", "LOST 0", "CLOSED");
  }

  private static List<String> runWithSmallHeap(String... megabytes) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(WorkerCommand.javaExecutable(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), BigResultProgram.class.getName()));
    command.addAll(List.of(megabytes));
    Process program = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try {
          program.getInputStream().transferTo(out);
        } catch (java.io.IOException e) {
          // the program was killed: what it printed so far is asserted on
        }
      }, "big-result-output");
      reader.start();
      assertThat(program.waitFor(240, TimeUnit.SECONDS)).as("the program ended; it printed: %s", out).isTrue();
      reader.join(10_000);
      return out.toString(StandardCharsets.UTF_8).lines().toList();
    } finally {
      program.destroyForcibly();
    }
  }
}
