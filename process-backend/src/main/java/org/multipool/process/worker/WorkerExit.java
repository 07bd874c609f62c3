package org.multipool.process.worker;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.Protocol;

/**
 * How a worker JVM ends: {@code System.exit}, backed by a daemon thread that halts the JVM if exit
 * hangs (a task's shutdown hook that never returns, say), and a watch on the parent process.
 */
final class WorkerExit {
  /** The pool raises it for a worker that writes a class-data archive as it exits. */
  private static final long HALT_AFTER_MILLIS = Long.getLong(Protocol.HALT_AFTER_MILLIS_PROPERTY, 1_000);
  private static final long PARENT_POLL_MILLIS = 200;

  private WorkerExit() {}

  /** Ends the JVM with {@code exit}; halts it if that takes longer than a second, by default. */
  static void now(ExitCode exit) {
    int code = exit.code;
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
          now(ExitCode.PARENT_GONE);
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
