package org.multipool.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * What one scenario did on one backend, and what it left behind at each sample: the input of the
 * report.
 *
 * @param scenario the scenario
 * @param backend the backend it ran on
 * @param operations how many operations it did
 * @param busyNanos the time spent in its steps, without the sampling in between
 * @param samples the samples, in the order they were taken
 * @param error why the scenario failed, if it did
 */
record PhaseResult(SoakScenario scenario, SoakBackend backend, long operations, long busyNanos,
    List<ResourceSample> samples, Optional<String> error) {

  PhaseResult {
    samples = List.copyOf(samples);
  }

  /** Operations per second of the steps themselves. */
  double operationsPerSecond() {
    return busyNanos == 0 ? 0 : operations / (busyNanos / 1e9);
  }
}
