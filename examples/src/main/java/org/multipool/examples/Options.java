package org.multipool.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed command line of one example. Every value is checked while parsing, so an example reads
 * its options without further checks.
 *
 * <pre>{@code
 * Options options = Options.parse(args, List.of(Option.number("tasks", 100, 1, 10_000, "tasks")), null);
 * int tasks = options.intValue("tasks");
 * }</pre>
 */
final class Options {
  private final Map<String, Long> numbers;
  private final Set<String> flags;
  private final String argument;

  private Options(Map<String, Long> numbers, Set<String> flags, String argument) {
    this.numbers = numbers;
    this.flags = flags;
    this.argument = argument;
  }

  /**
   * Parses {@code args} against the example's options.
   *
   * @param argumentName the name of the one positional argument the example takes, or {@code null}
   *     if it takes none
   * @throws UsageException naming what was wrong and what was expected
   */
  static Options parse(String[] args, List<Option> declared, String argumentName) throws UsageException {
    Map<String, Option> byName = new HashMap<>();
    declared.forEach(option -> byName.put(option.name(), option));
    Map<String, Long> numbers = new HashMap<>();
    declared.stream().filter(option -> !option.flag())
        .forEach(option -> numbers.put(option.name(), option.defaultValue()));
    Set<String> flags = new HashSet<>();
    List<String> arguments = new ArrayList<>();

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        arguments.add(arg);
        continue;
      }
      Option option = byName.get(arg.substring(2));
      if (option == null) {
        throw new UsageException("unknown option " + arg + "; "
            + (declared.isEmpty() ? "this example takes no options" : "expected one of " + names(declared)));
      }
      if (option.flag()) {
        flags.add(option.name());
      } else if (i + 1 == args.length) {
        throw new UsageException(arg + " needs a number after it");
      } else {
        numbers.put(option.name(), number(option, args[++i]));
      }
    }

    if (arguments.size() > (argumentName == null ? 0 : 1)) {
      throw new UsageException("unexpected argument '" + arguments.get(arguments.size() - 1) + "'; "
          + (argumentName == null ? "this example takes options only" : "expected at most one " + argumentName));
    }
    return new Options(numbers, flags, arguments.isEmpty() ? null : arguments.get(0));
  }

  private static long number(Option option, String text) throws UsageException {
    long value;
    try {
      value = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + option.name() + " expects a whole number, got '" + text + "'");
    }
    if (value < option.min() || value > option.max()) {
      throw new UsageException(String.format("--%s must be from %,d to %,d, got %,d",
          option.name(), option.min(), option.max(), value));
    }
    return value;
  }

  private static String names(List<Option> declared) {
    List<String> names = new ArrayList<>();
    declared.forEach(option -> names.add("--" + option.name()));
    return String.join(", ", names);
  }

  /** The value of a number option, or its default. */
  long longValue(String name) {
    Long value = numbers.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no number option --" + name + " is declared");
    }
    return value;
  }

  /** The value of a number option declared with bounds that fit an {@code int}. */
  int intValue(String name) {
    return Math.toIntExact(longValue(name));
  }

  /** Whether a flag was given. */
  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The positional argument, if one was given. */
  Optional<String> argument() {
    return Optional.ofNullable(argument);
  }
}
