package org.multipool.examples;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.multipool.Pool;

/**
 * {@code imap} over an endless input in constant memory. The input is an infinite {@code Stream} of
 * log lines; worker JVMs parse them; this thread sums up the results as they come, in input order.
 * The pool reads the input only as fast as results are consumed, a couple of batches per worker
 * ahead, so memory stays flat however long it runs: the example prints how far the pool has read
 * ahead and how much heap is live as it goes.
 *
 * <pre>{@code
 * try (Stream<Integer> latencies = pool.imap(Streaming::latencyMillis, endlessLogLines())) {
 *   latencies.limit(1_000_000).forEach(stats::add);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Streaming {
  static final Example EXAMPLE = Example.of("streaming",
      "imap over an endless stream of log lines on worker JVMs, in constant memory",
      Streaming::run,
      Option.number("lines", 300_000, 1, Long.MAX_VALUE, "how many lines to take from the endless input"),
      Option.number("every", 50_000, 1_000, Long.MAX_VALUE, "print a progress line every this many lines"));

  private Streaming() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if the pool fails
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) {
    long lines = options.longValue("lines");
    long every = options.longValue("every");
    AtomicLong read = new AtomicLong(); // lines the pool has pulled from the input
    Stream<String> endless = Stream.iterate(0L, n -> n + 1).map(Streaming::logLine).peek(line -> read.incrementAndGet());

    long taken = 0;
    long slow = 0;
    long inputBytes = 0;
    try (Pool pool = Pool.processes(2);
        Stream<Integer> latencies = pool.imap(Streaming::latencyMillis, endless)) {
      Iterator<Integer> results = latencies.iterator();
      while (taken < lines && results.hasNext()) {
        int latency = results.next();
        taken++;
        inputBytes += logLine(taken - 1).length();
        if (latency > 900) {
          slow++;
        }
        if (taken % every == 0 || taken == lines) {
          System.out.printf("%,12d lines  %,7.1f MB of input  read ahead %,6d  live heap %,5d MB%n", taken,
              inputBytes / 1e6, read.get() - taken, liveHeapMegabytes());
        }
      }
    } // closing the stream cancels what was read ahead; closing the pool stops the workers
    System.out.printf("%,d lines, %,d slower than 900 ms; the input never ends, the pool read only what was used%n",
        taken, slow);
  }

  /** One line of a web server's access log, made up from its number. */
  static String logLine(long n) {
    int status = n % 97 == 0 ? 503 : 200;
    long latency = (n * 7919) % 1000;
    return "10.0.0." + (n % 250) + " - - [22/Nov/2026:10:00:00 +0000] \"GET /items/" + n + " HTTP/1.1\" "
        + status + " 512 latency_ms=" + latency;
  }

  /** Parses the latency out of a log line; this runs in a worker JVM. */
  static int latencyMillis(String line) {
    return Integer.parseInt(line.substring(line.lastIndexOf('=') + 1));
  }

  /**
   * The heap that is still reachable. Collecting first makes the figure honest: without it, "used"
   * counts garbage not yet collected and climbs until the next collection. Do not call
   * {@code System.gc()} in real code; it is here only to measure.
   */
  private static long liveHeapMegabytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1_000_000;
  }
}
