package org.multipool.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * The soak's command line, checked while it is parsed, so a typo fails at once with a message
 * instead of after half an hour of soaking.
 *
 * <pre>{@code
 * SoakOptions options = SoakOptions.parse(new String[] {"--seconds", "30"});
 * options.budget();   // Optional[PT30S]: the whole soak in about 30 s
 * }</pre>
 */
final class SoakOptions {
  /** A day: more than that is a typo, not a soak. */
  static final long MAX_SECONDS = 86_400;

  private final Duration budget;
  private final boolean help;

  private SoakOptions(Duration budget, boolean help) {
    this.budget = budget;
    this.help = help;
  }

  /**
   * Parses the arguments.
   *
   * @throws UsageException naming what was wrong
   */
  static SoakOptions parse(String[] args) throws UsageException {
    Duration budget = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--seconds=")) {
        budget = Duration.ofSeconds(seconds(arg.substring("--seconds=".length())));
        continue;
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--seconds" -> {
          if (i + 1 == args.length) {
            throw new UsageException("--seconds needs a number after it");
          }
          budget = Duration.ofSeconds(seconds(args[++i]));
        }
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option " + arg + "; expected --seconds N or --help"
            : "unexpected argument '" + arg + "'; the soak takes options only");
      }
    }
    return new SoakOptions(budget, help);
  }

  private static long seconds(String text) throws UsageException {
    long value;
    try {
      value = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--seconds expects a whole number of seconds, got '" + text + "'");
    }
    if (value < 1 || value > MAX_SECONDS) {
      throw new UsageException(String.format("--seconds must be from 1 to %,d, got %,d", MAX_SECONDS, value));
    }
    return value;
  }

  /** The whole soak's time budget; empty for the full soak, which runs every scenario's full count. */
  Optional<Duration> budget() {
    return Optional.ofNullable(budget);
  }

  boolean help() {
    return help;
  }

  static void printUsage(PrintStream out) {
    out.println("usage: java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.Soak [--seconds N]");
    out.println();
    out.println("Runs every soak scenario on processes(2) and threads(2) and checks that the parent's heap,");
    out.println("threads and open files, and the worker JVMs' memory, stay flat.");
    out.println();
    out.println("  --seconds N   the whole soak in about N seconds: each scenario stops at its count or at");
    out.println("                its share of N, whichever comes first (default: the full counts, no limit)");
    out.println("  --help        this text");
    out.println();
    out.println("exit code: 0 every figure flat, 1 a figure not flat or a scenario failed, 2 bad options");
  }

  /** Bad command-line input: the soak prints the message and the usage, never a stack trace. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
