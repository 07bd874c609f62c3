package org.multipool.benchmarks;

import java.time.Duration;
import java.util.Map;

/**
 * Ends the soak with exit code 1 and a thread dump when it has made no progress for a long while:
 * a pool that hangs is as much a failure as one that leaks, and must not hold a CI run forever.
 *
 * <pre>{@code
 * try (SoakWatchdog watchdog = SoakWatchdog.start(Duration.ofMinutes(2))) {
 *   watchdog.doing("map on processes");
 *   ... watchdog.alive(); ...
 * }
 * }</pre>
 */
final class SoakWatchdog implements AutoCloseable {
  private final long stallNanos;
  private final Thread thread;
  private volatile long lastAlive = System.nanoTime();
  private volatile String doing = "starting";

  private SoakWatchdog(Duration stall) {
    stallNanos = stall.toNanos();
    thread = new Thread(this::watch, "soak-watchdog");
    thread.setDaemon(true); // never what keeps the JVM up
  }

  /** Starts watching; the soak must call {@link #alive()} more often than every {@code stall}. */
  static SoakWatchdog start(Duration stall) {
    SoakWatchdog watchdog = new SoakWatchdog(stall);
    watchdog.thread.start();
    return watchdog;
  }

  /** Names what the soak does now, for the message if it stalls, and counts as progress. */
  void doing(String what) {
    doing = what;
    alive();
  }

  /** Says the soak has just made progress. */
  void alive() {
    lastAlive = System.nanoTime();
  }

  private void watch() {
    try {
      while (true) {
        Thread.sleep(1_000);
        long stalled = System.nanoTime() - lastAlive;
        if (stalled > stallNanos) {
          System.err.printf("soak: FAIL, no progress for %d s in %s; the threads:%n", stalled / 1_000_000_000L, doing);
          dumpThreads();
          System.exit(1); // the shutdown hooks still stop any worker JVM left
        }
      }
    } catch (InterruptedException e) {
      // closed: the soak is over
    }
  }

  private static void dumpThreads() {
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      System.err.printf("\"%s\" %s%n", entry.getKey().getName(), entry.getKey().getState());
      for (StackTraceElement frame : entry.getValue()) {
        System.err.println("    at " + frame);
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
