package org.multipool.process.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.IntConsumer;
import org.multipool.process.wire.Uninterruptibles;

/**
 * One worker JVM as an operating-system process: started with {@link ProcessBuilder}, its stdout
 * and stderr pumped to this JVM's, its secret written to its stdin, killed on request, and reported
 * once when it has ended and its output is drained.
 *
 * <p>Every thread it starts is a daemon, so a pool the application never closes does not keep
 * its JVM alive; the {@link ProcessReaper} then kills the workers as that JVM ends.
 */
final class JvmProcess implements ChildProcess {
  /** How long the end waits for the output pumps after the process ended: a grandchild may hold the pipes. */
  private static final long DRAIN_MILLIS = 2_000;

  private final String name;
  private final StderrTail stderr = new StderrTail();
  private Process process; // guarded by this
  private boolean killRequested; // guarded by this
  private volatile Throwable launchFailure;
  private volatile Thread reportingThread;

  JvmProcess(String name) {
    this.name = name;
  }

  /**
   * Starts the process; {@code onEnd} runs once with its exit code when it has ended and its
   * output is drained, on a thread of its own, also when it could not start at all.
   */
  @Override
  public void start(List<String> command, byte[] stdin, IntConsumer onEnd) {
    Process started;
    try {
      started = new ProcessBuilder(command).start();
    } catch (IOException | RuntimeException e) {
      launchFailure = e;
      startReporting(() -> onEnd.accept(-1));
      return;
    }
    boolean kill;
    synchronized (this) {
      process = started;
      kill = killRequested;
    }
    ProcessReaper.remember(this, started);
    if (kill) {
      started.destroyForcibly();
    }
    Thread out = pump(started.getInputStream(), new LineForwarder(() -> System.out));
    Thread err = pump(started.getErrorStream(), stderr);
    writeAndClose(started.getOutputStream(), stdin);
    startReporting(() -> {
      int exitCode = Uninterruptibles.waitFor(started);
      Uninterruptibles.join(out, DRAIN_MILLIS);
      Uninterruptibles.join(err, DRAIN_MILLIS);
      ProcessReaper.forget(this);
      onEnd.accept(exitCode);
    });
  }

  private void startReporting(Runnable report) {
    Thread thread = new Thread(report, name + "-process");
    thread.setDaemon(true);
    reportingThread = thread;
    thread.start();
  }

  /** The secret is a line of a few dozen bytes: it fits the pipe's buffer, so this never blocks. */
  private static void writeAndClose(OutputStream processInput, byte[] bytes) {
    try (processInput) {
      processInput.write(bytes);
    } catch (IOException e) {
      // the process ended at once; its end is reported with its exit code
    }
  }

  private Thread pump(InputStream from, OutputStream to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (from) {
        for (int read; (read = from.read(buffer)) >= 0; ) {
          to.write(buffer, 0, read);
        }
      } catch (IOException e) {
        // the pipe broke as the process died: what was read is passed on below
      } finally {
        try {
          to.flush(); // the last line, if it had no line end
        } catch (IOException e) {
          // this JVM's own stream is closed; nothing to pass the rest on to
        }
      }
    }, name + "-output");
    pump.setDaemon(true);
    pump.start();
    return pump;
  }

  /** Kills the process with SIGKILL, now or as soon as it exists. Returns at once. */
  @Override
  public void kill() {
    Process running;
    synchronized (this) {
      killRequested = true;
      running = process;
    }
    if (running != null) {
      running.destroyForcibly();
    }
  }

  /** The process id, or -1 before the process exists. */
  @Override
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Why the process could not be started at all, or {@code null}. */
  @Override
  public Throwable launchFailure() {
    return launchFailure;
  }

  @Override
  public String stderrTail() {
    return stderr.tail();
  }

  /** The thread that waits for the process and reports its end. */
  @Override
  public Thread reportingThread() {
    return reportingThread;
  }
}
