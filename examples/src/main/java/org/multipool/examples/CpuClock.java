package org.multipool.examples;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by this JVM and by the processes it started (the worker JVMs of a process pool),
 * so that work done in another process counts too.
 *
 * <pre>{@code
 * CpuClock.Reading before = CpuClock.read();
 * work();
 * Duration cpu = CpuClock.read().since(before);
 * }</pre>
 */
final class CpuClock {
  private CpuClock() {}

  /** CPU time so far, per process id. */
  static Reading read() {
    Map<Long, Long> nanos = new HashMap<>();
    nanos.put(ProcessHandle.current().pid(), ownCpuNanos());
    // The operating system counts other processes' time in clock ticks (10 ms on Linux).
    ProcessHandle.current().children().forEach(child -> child.info().totalCpuDuration()
        .ifPresent(cpu -> nanos.put(child.pid(), cpu.toNanos())));
    return new Reading(nanos);
  }

  private static long ownCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime(); // nanosecond precision
    }
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** CPU time per process at one moment. */
  static final class Reading {
    private final Map<Long, Long> nanos;

    private Reading(Map<Long, Long> nanos) {
      this.nanos = nanos;
    }

    /** The CPU time used since {@code earlier}; a process started since then counts in full. */
    Duration since(Reading earlier) {
      long total = 0;
      for (Map.Entry<Long, Long> process : nanos.entrySet()) {
        total += process.getValue() - earlier.nanos.getOrDefault(process.getKey(), 0L);
      }
      return Duration.ofNanos(Math.max(0, total));
    }
  }
}
