package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rule for workers that end before they are ready (semantics 13). */
class StartFailuresTest {

  @Test
  void beforeAnyWorkerWasReady_aWorkerThatFailedOnItsOwn_breaksThePoolAtOnce() {
    assertThat(new StartFailures().retryAfter(false)).isNull();
  }

  @Test
  void beforeAnyWorkerWasReady_killedWorkersAreRetriedAtOnce_twice() {
    StartFailures failures = new StartFailures();
    assertThat(failures.retryAfter(true)).isEqualTo(Duration.ZERO);
    assertThat(failures.retryAfter(true)).isEqualTo(Duration.ZERO);
    assertThat(failures.retryAfter(true)).isNull();
  }

  @Test
  void afterAWorkerWasReady_anyFailedStartIsRetried_withADoublingBackOff_andTheSixthInARowBreaks() {
    StartFailures failures = new StartFailures();
    failures.ready();
    assertThat(failures.retryAfter(false)).isEqualTo(Duration.ofMillis(500));
    assertThat(failures.retryAfter(true)).isEqualTo(Duration.ofSeconds(1));
    assertThat(failures.retryAfter(false)).isEqualTo(Duration.ofSeconds(2));
    assertThat(failures.retryAfter(false)).isEqualTo(Duration.ofSeconds(4));
    assertThat(failures.retryAfter(false)).isEqualTo(Duration.ofSeconds(8));
    assertThat(failures.retryAfter(false)).isNull();
  }

  @Test
  void aWorkerThatGetsReady_startsTheCountAfresh() {
    StartFailures failures = new StartFailures();
    failures.ready();
    for (int i = 0; i < 5; i++) {
      assertThat(failures.retryAfter(false)).isNotNull();
    }
    failures.ready();
    assertThat(failures.retryAfter(false)).isEqualTo(Duration.ofMillis(500));
  }
}
