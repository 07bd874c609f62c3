package org.multipool.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
  /** Items through a shared queue per measured run, and the queue's capacity, as on Python's side. */
  static final int QUEUE_ITEMS = 100_000;
  static final int QUEUE_CAPACITY = 1_000;
  /** Merges into a shared map per measured run, as on Python's side. */
  static final int MERGES = 20_000;

  /** The tiny task: {@code x -> x * x}. One constant, so a pool encodes it once. */
  static final TaskFunction<Integer, Integer> SQUARE = x -> x * x;

  /** The CPU-bound task: an integer-summing loop the JIT cannot fold away. */
  static final TaskFunction<Long, Long> SUM_LOOP = Workloads::sumLoop;

  /** The bulk task that sends little back: an array's length. */
  static final TaskFunction<byte[], Integer> LENGTH = bytes -> bytes.length;

  /** The bulk task that sends everything back. */
  static final TaskFunction<byte[], byte[]> ECHO = bytes -> bytes;

  /** A record's size in a small sum: reads every field, so none is optimised away. */
  static final TaskFunction<Sample, Integer> SAMPLE_SIZE = sample -> sample.name().length() + sample.count()
      + sample.values().length;

  /** A small record of the kind a data pipeline passes: a string, an int and eight doubles. */
  record Sample(String name, int count, double[] values) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private Workloads() {}

  /** {@code n} samples, each with its own name and values. */
  static List<Sample> samples(int n) {
    List<Sample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] values = new double[8];
      Arrays.fill(values, i * 0.5);
      samples.add(new Sample("sample-" + i, i, values));
    }
    return samples;
  }

  /** {@code n} arrays of {@code size} bytes, each with its own contents. */
  static List<byte[]> blobs(int n, int size) {
    List<byte[]> blobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] blob = new byte[size];
      Arrays.fill(blob, (byte) i);
      blobs.add(blob);
    }
    return blobs;
  }

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
