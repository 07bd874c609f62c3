package org.multipool.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * One runnable example: its name on the command line, a one-line summary, its options and its body.
 * It turns bad input into a usage message and an exit code, never a stack trace.
 *
 * <pre>{@code
 * static final Example EXAMPLE = Example.of("quickstart", "map on worker JVMs", QuickStart::run);
 *
 * public static void main(String[] args) {
 *   EXAMPLE.main(args);
 * }
 * }</pre>
 */
final class Example {
  /** What an example does, given its parsed options. */
  @FunctionalInterface
  interface Body {
    void run(Options options) throws Exception;
  }

  /** Exit code for bad command-line input, as most Unix tools use. */
  static final int USAGE_ERROR = 2;

  private final String name;
  private final String summary;
  private final Body body;
  private final List<Option> options;
  private final String argumentName;
  private final String argumentHelp;

  private Example(String name, String summary, Body body, List<Option> options, String argumentName,
      String argumentHelp) {
    this.name = name;
    this.summary = summary;
    this.body = body;
    this.options = options;
    this.argumentName = argumentName;
    this.argumentHelp = argumentHelp;
  }

  static Example of(String name, String summary, Body body, Option... options) {
    return new Example(name, summary, body, List.of(options), null, null);
  }

  /** The same example, taking one optional positional argument. */
  Example withArgument(String argumentName, String argumentHelp) {
    return new Example(name, summary, body, options, argumentName, argumentHelp);
  }

  String name() {
    return name;
  }

  String summary() {
    return summary;
  }

  /** Runs the example from a {@code main} method: exits with {@link #USAGE_ERROR} on bad input. */
  void main(String[] args) throws Exception {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the example and returns its exit code: 0, or {@link #USAGE_ERROR} after printing what was
   * wrong and the usage to {@code System.err}. Failures of the example itself propagate.
   */
  int run(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      printUsage(System.out);
      return 0;
    }
    try {
      body.run(Options.parse(args, options, argumentName));
      return 0;
    } catch (UsageException e) { // from parsing, or from an example checking its argument first
      System.err.println(name + ": " + e.getMessage());
      printUsage(System.err);
      return USAGE_ERROR;
    }
  }

  void printUsage(PrintStream out) {
    StringBuilder synopsis = new StringBuilder("usage: java -jar multipool-examples.jar ").append(name);
    options.forEach(option -> synopsis.append(" [").append(option.synopsis()).append(']'));
    if (argumentName != null) {
      synopsis.append(" [").append(argumentName).append(']');
    }
    out.println(synopsis);
    out.println("  " + summary);
    if (argumentName != null) {
      out.printf("  %-16s %s%n", argumentName, argumentHelp);
    }
    options.forEach(option -> out.printf("  %-16s %s%n", option.synopsis(), option.description()));
  }
}
