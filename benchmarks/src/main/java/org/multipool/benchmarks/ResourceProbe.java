package org.multipool.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Samples what a leak in a pool would make grow: the parent's heap after a full collection (so
 * garbage not yet collected does not count), its live threads, its open file descriptors, and the
 * resident memory of each worker JVM. Files and memory come from {@code /proc}: on a system without
 * it those figures are left out, never guessed.
 *
 * <pre>{@code
 * ResourceSample sample = new ResourceProbe().sample();
 * }</pre>
 */
final class ResourceProbe {
  private static final Path OWN_FDS = Path.of("/proc/self/fd");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** Takes a sample; collects garbage first, so it costs a few milliseconds. */
  ResourceSample sample() {
    // Twice: objects with finalizers or cleaners, and what only they held, go in the second round.
    memory.gc();
    memory.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    return new ResourceSample(heap, threads.getThreadCount(), openFiles(), workerRss());
  }

  /**
   * The worker JVMs' resident memory in all, read without collecting garbage first: cheap enough to
   * call while a warm-up runs.
   */
  long workerRssSumKilobytes() {
    return workerRss().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether open files can be counted here; when not, the report says "n/a". */
  static boolean countsOpenFiles() {
    return Files.isDirectory(OWN_FDS);
  }

  /** Counts {@code /proc/self/fd}, including the one this listing opens, so every count is alike. */
  private static int openFiles() {
    if (!countsOpenFiles()) {
      return -1;
    }
    try (Stream<Path> fds = Files.list(OWN_FDS)) {
      return Math.toIntExact(fds.count());
    } catch (IOException e) {
      return -1;
    }
  }

  /** Every child process's resident memory; a child that has already exited has none and is left out. */
  private static Map<Long, Long> workerRss() {
    Map<Long, Long> rss = new TreeMap<>();
    ProcessHandle.current().children().forEach(child ->
        rssKilobytes(child.pid()).ifPresent(kilobytes -> rss.put(child.pid(), kilobytes)));
    return rss;
  }

  /** {@code VmRSS} from {@code /proc/<pid>/status}; empty for a process gone or a zombie, which has no line. */
  private static Optional<Long> rssKilobytes(long pid) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      return Optional.empty();
    }
    return lines.stream().filter(line -> line.startsWith("VmRSS:")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")));
  }
}
