package org.multipool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's command line: names, help, and bad input answered with usage, not a stack trace. */
class LauncherTest {

  @AfterEach
  void noWorkerJvmOutlivesAnExample() {
    assertThat(Run.childrenStillRunning()).isEmpty();
  }

  @Test
  void help_listsEveryExampleWithALine() throws Exception {
    Run run = Run.launch("--help");

    assertThat(run.exitCode).isZero();
    for (Example example : Examples.ALL) {
      assertThat(run.out).containsPattern("\\n  " + example.name() + " +\\S");
    }
    assertThat(run.out).contains("With no example, runs compare.");
  }

  @Test
  void examples_haveDistinctNames_andTheMainOneComesFirst() {
    assertThat(Examples.ALL).extracting(Example::name).doesNotHaveDuplicates()
        .startsWith("compare", "quickstart")
        .contains("images", "scrape", "background", "squares-and-cubes", "crash-isolation", "timeouts", "streaming");
  }

  @Test
  void exampleHelp_listsItsOptionsWithDefaultsAndRanges() throws Exception {
    Run run = Run.launch("compare", "--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("usage: java -jar multipool-examples.jar compare [--workers N] [--steps N]")
        .contains("--runs N")
        .contains("(default 3; 1 to 100)")
        .contains("--no-progress");
  }

  @Test
  void unknownExample_isNamed_andTheListIsShown() throws Exception {
    Run run = Run.launch("fractals");

    assertThat(run.exitCode).isEqualTo(Example.USAGE_ERROR);
    assertThat(run.err).contains("unknown example 'fractals'").contains("scrape ");
    assertThat(run.out).isEmpty();
  }

  @Test
  void optionsWithoutAName_goToTheMainExample() throws Exception {
    Run run = Run.launch("--runs", "0");

    assertThat(run.exitCode).isEqualTo(Example.USAGE_ERROR);
    assertThat(run.err).startsWith("compare: --runs must be from 1 to 100, got 0");
  }

  @Test
  void badOptions_getAUsageMessage_notAStackTrace() throws Exception {
    assertUsageError(Run.launch("scrape", "--pages", "many"), "scrape: --pages expects a whole number, got 'many'");
    assertUsageError(Run.launch("scrape", "--pages"), "scrape: --pages needs a number after it");
    assertUsageError(Run.launch("scrape", "--colour", "red"),
        "scrape: unknown option --colour; expected one of --pages, --delay-ms, --threads");
    assertUsageError(Run.launch("timeouts", "--timeout-ms", "-5"), "timeouts: --timeout-ms must be from 1 to");
    assertUsageError(Run.launch("timeouts", "--timeout-ms", "2000", "--spin-ms", "1500"),
        "timeouts: --spin-ms must be longer than --timeout-ms");
    assertUsageError(Run.launch("streaming", "--every", "1"), "streaming: --every must be from 1,000 to");
    assertUsageError(Run.launch("quickstart", "extra"),
        "quickstart: unexpected argument 'extra'; this example takes options only");
    assertUsageError(Run.launch("images", "a", "b"), "images: unexpected argument 'b'; expected at most one FOLDER");
    assertUsageError(Run.launch("quickstart", "--fast"),
        "quickstart: unknown option --fast; this example takes no options");
  }

  @Test
  void numbersMayBeWrittenWithSeparators() throws Exception {
    Run run = Run.launch("streaming", "--lines", "2_000", "--every", "1,000");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("2,000 lines, ");
  }

  private static void assertUsageError(Run run, String message) {
    assertThat(run.exitCode).isEqualTo(Example.USAGE_ERROR);
    assertThat(run.err).startsWith(message).contains("usage: java -jar multipool-examples.jar ");
    assertThat(run.err).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out).isEmpty();
  }
}
