package org.multipool.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a figure started and where it ended: the median of the first tenth of its samples against
 * the median of the last tenth. Medians of tenths, not single samples, so one sample taken while a
 * thread was just ending or a worker was just growing its heap does not decide the verdict.
 *
 * <p>Flat means the two differ by at most {@value #TOLERANCE_PERCENT}% of the first, in either
 * direction: a figure that moves more than that is not steady, whichever way it moves. Small counts
 * (threads, file descriptors) may also differ by a fixed slack, as 20 becoming 22 is a thread just
 * starting or ending, not a leak.
 *
 * @param first the median of the first tenth of the samples
 * @param last the median of the last tenth
 */
record Trend(double first, double last) {
  static final int TOLERANCE_PERCENT = 10;

  /** The trend of {@code values}, in sampling order; a tenth is at least one sample. */
  static Trend of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    int tenth = Math.max(1, values.size() / 10);
    return new Trend(median(values.subList(0, tenth)),
        median(values.subList(values.size() - tenth, values.size())));
  }

  /** The change from first to last in percent of the first; infinite when the first is 0 and the last not. */
  double percentChange() {
    if (first == 0) {
      return last == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return (last - first) / first * 100;
  }

  /** Whether the figure stayed flat: within the tolerance, or within {@code slack} in absolute terms. */
  boolean flat(double slack) {
    double change = Math.abs(last - first);
    return change <= Math.abs(first) * TOLERANCE_PERCENT / 100.0 || change <= slack;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
