package org.multipool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TourTest {

  @AfterEach
  void noWorkerJvmOutlivesTheTour() {
    assertThat(Run.childrenStillRunning()).isEmpty();
  }

  @Test
  void tour_printsEveryStepOfTheTour() throws Exception {
    Run run = Run.launch("tour");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("Pool: 4 workers on threads")
        .contains("squares of 1..10 = [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]")
        .containsPattern("submit   hello from multipool-\\d+-worker-\\d")
        .contains("first cubes = [1, 8, 27, 64, 125, 216, 343, 512]")
        .contains("item 1 failed with java.lang.ArithmeticException: / by zero")
        .containsPattern("8 x 100 ms on 4 threads took \\d+ ms")
        .contains("Pool closed: no worker left running.")
        .contains("processes squares = [1, 4, 9, 16] from worker JVMs")
        .containsPattern("crash    worker \\d+ exited with code 3; only its task failed")
        .contains("after    a fresh worker answers")
        .contains("Process pool closed: no worker JVM left running.");
  }
}
