package org.multipool.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Runs any example by name; with no name, the main one, {@code compare}.
 *
 * <pre>{@code
 * java -jar examples/target/multipool-examples.jar               # compare
 * java -jar examples/target/multipool-examples.jar --help        # the list
 * java -jar examples/target/multipool-examples.jar scrape --pages 100
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Examples {
  /** Every example, in the order a newcomer should read them. */
  static final List<Example> ALL = List.of(
      Compare.EXAMPLE,
      QuickStart.EXAMPLE,
      Tour.EXAMPLE,
      Background.EXAMPLE,
      SquaresAndCubes.EXAMPLE,
      CrashIsolation.EXAMPLE,
      Timeouts.EXAMPLE,
      ScalingOut.EXAMPLE,
      ProducerConsumer.EXAMPLE,
      WordCount.EXAMPLE,
      Progress.EXAMPLE,
      Streaming.EXAMPLE,
      Images.EXAMPLE,
      Scrape.EXAMPLE);

  private Examples() {}

  /**
   * Runs the example named by the first argument with the rest as its options.
   *
   * @param args an example's name and options; none runs {@code compare}, {@code --help} lists all
   * @throws Exception if the example fails
   */
  public static void main(String[] args) throws Exception {
    int code = launch(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs an example and returns the exit code {@link #main} would exit with. */
  static int launch(String[] args) throws Exception {
    if (args.length == 0 || (args[0].startsWith("-") && !isHelp(args[0]))) {
      return Compare.EXAMPLE.run(args); // options without a name are the main example's
    }
    if (isHelp(args[0])) {
      printList(System.out);
      return 0;
    }
    Optional<Example> example = ALL.stream().filter(e -> e.name().equals(args[0])).findFirst();
    if (example.isEmpty()) {
      System.err.println("unknown example '" + args[0] + "'");
      printList(System.err);
      return Example.USAGE_ERROR;
    }
    return example.get().run(List.of(args).subList(1, args.length).toArray(new String[0]));
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  private static void printList(PrintStream out) {
    out.println("usage: java -jar multipool-examples.jar [EXAMPLE] [OPTIONS]");
    out.println("With no example, runs compare. EXAMPLE --help lists an example's options.");
    out.println();
    for (Example example : ALL) {
      out.printf("  %-18s %s%n", example.name(), example.summary());
    }
  }
}
