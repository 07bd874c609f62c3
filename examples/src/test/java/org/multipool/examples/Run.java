package org.multipool.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one launch of an example printed, and its exit code. */
final class Run {
  final int exitCode;
  final String out;
  final String err;

  private Run(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /**
   * Launches an example as {@code java -jar multipool-examples.jar args} would, capturing its output.
   * Numbers print with the US locale's separators, which the tests' patterns expect.
   */
  static Run launch(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    Locale originalLocale = Locale.getDefault();
    Locale.setDefault(Locale.US);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Examples.launch(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      Locale.setDefault(originalLocale);
    }
    Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    originalOut.print(run.out); // still shown in the test log
    originalErr.print(run.err);
    return run;
  }

  /** The processes this JVM started that are still running: none, once an example has returned. */
  static List<ProcessHandle> childrenStillRunning() {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).collect(Collectors.toList());
  }
}
