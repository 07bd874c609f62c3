package org.multipool.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A hello-world JVM: the floor for starting a worker JVM. With {@code --sleep} it stays up, so its
 * resident memory can be read as the floor for an idle worker's.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.Hello
 * }</pre>
 */
public final class Hello {
  private Hello() {}

  /**
   * Prints a greeting, and with {@code --sleep} waits until its standard input closes.
   *
   * @param args {@code --sleep} or nothing
   * @throws IOException if standard input fails
   */
  public static void main(String[] args) throws IOException {
    System.out.println("hello");
    if (args.length > 0 && args[0].equals("--sleep")) {
      System.in.read();
    }
  }

  /** Starts a hello-world JVM and waits for it; returns its exit code. */
  static int run(String java, String classPath) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(java, "-cp", classPath, Hello.class.getName())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("the hello-world JVM did not end within 60 s");
    }
    return process.exitValue();
  }
}
