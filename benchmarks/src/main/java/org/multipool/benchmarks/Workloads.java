package org.multipool.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.multipool.TaskFunction;

/**
 * The work every benchmark and the side-by-side comparison run, so that the JMH suite, the
 * comparison and Python's side measure the same thing.
 *
 * <pre>{@code
 * pool.map(Workloads.SQUARE, Workloads.range(200_000));
 * }</pre>
 */
final class Workloads {
  /** The tiny task: {@code x -> x * x}. One constant, so a pool encodes it once. */
  static final TaskFunction<Integer, Integer> SQUARE = x -> x * x;

  /** The CPU-bound task: an integer-summing loop the JIT cannot fold away. */
  static final TaskFunction<Long, Long> SUM_LOOP = Workloads::sumLoop;

  private Workloads() {}

  /** The integers {@code 0 .. n-1}. */
  static List<Integer> range(int n) {
    List<Integer> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return items;
  }

  /** {@code tasks} CPU-bound tasks of {@code steps} steps each. */
  static List<Long> cpuTasks(int tasks, long steps) {
    return Collections.nCopies(tasks, steps);
  }

  static long sumLoop(long steps) {
    long sum = 0;
    for (long i = 0; i < steps; i++) {
      sum += i * i % 7;
    }
    return sum;
  }
}
