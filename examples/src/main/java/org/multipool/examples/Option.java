package org.multipool.examples;

/**
 * One command-line option of an example: {@code --name VALUE} for a whole number within bounds, or
 * a bare {@code --name} flag.
 *
 * <pre>{@code
 * Option.number("tasks", 100, 1, 100_000, "how many tasks to run")
 * }</pre>
 */
record Option(String name, boolean flag, long defaultValue, long min, long max, String help) {

  /** An option that takes a whole number from {@code min} to {@code max}. */
  static Option number(String name, long defaultValue, long min, long max, String help) {
    return new Option(name, false, defaultValue, min, max, help);
  }

  /** An option without a value: present or not. */
  static Option flag(String name, String help) {
    return new Option(name, true, 0, 0, 0, help);
  }

  /** How the option appears in a usage message. */
  String synopsis() {
    return flag ? "--" + name : "--" + name + " N";
  }

  /** The help line, with the default and the allowed range. */
  String description() {
    return flag ? help : String.format("%s (default %,d; %,d to %,d)", help, defaultValue, min, max);
  }
}
