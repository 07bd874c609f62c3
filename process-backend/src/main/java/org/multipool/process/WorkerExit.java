package org.multipool.process;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How a worker JVM ends: {@code System.exit}, backed by a daemon thread that halts the JVM if exit
 * hangs (a task's shutdown hook that never returns, say), and a watch on the parent process.
 */
final class WorkerExit {
  /** The worker finished and was told to go. */
  static final int NORMAL = 0;
  /** The initializer failed; the pool knows why. */
  static final int INITIALIZER_FAILED = 1;
  /** The pool could not be reached, or its connection broke. */
  static final int POOL_GONE = 2;
  /** The parent process is gone. */
  static final int PARENT_GONE = 4;
  /** A {@code cancel(true)} reached a task this worker was running: ending the JVM stops it. */
  static final int CANCELLED_WHILE_RUNNING = 5;

  private static final long HALT_AFTER_MILLIS = 1_000;
  private static final long PARENT_POLL_MILLIS = 200;

  private WorkerExit() {}

  /** Ends the JVM with {@code code}; halts it if that takes longer than a second. */
  static void now(int code) {
    System.out.flush();
    System.err.flush();
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(HALT_AFTER_MILLIS);
      } catch (InterruptedException e) {
        // halt now, then
      }
      Runtime.getRuntime().halt(code);
    }, "multipool-last-ditch-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(code);
  }

  /**
   * Watches the pool's process: when it is gone, the worker ends. The pid is checked together with
   * the process's start time, so a new process that got the same pid does not count. The socket
   * reaching end-of-file usually tells first; this also covers a worker still starting or running
   * its initializer.
   */
  static void watchParent(long parentPid) {
    Optional<Instant> started = ProcessHandle.of(parentPid).flatMap(parent -> parent.info().startInstant());
    Thread watch = new Thread(() -> {
      while (true) {
        boolean alive = ProcessHandle.of(parentPid)
            .filter(ProcessHandle::isAlive)
            .map(parent -> started.isEmpty() || parent.info().startInstant().equals(started))
            .orElse(false);
        if (!alive) {
          now(PARENT_GONE);
          return;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(PARENT_POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "multipool-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
