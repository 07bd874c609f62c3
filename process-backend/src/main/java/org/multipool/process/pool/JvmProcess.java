package org.multipool.process.pool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.StreamPumper;

/**
 * One worker JVM as an operating-system process: started with Apache Commons Exec, its stdout and
 * stderr pumped to this JVM's, its secret written to its stdin, killed on request, and reported
 * once when it has ended and its output is drained.
 */
final class JvmProcess implements ChildProcess {
  private final String name;
  private final StderrTail stderr = new StderrTail();
  private Process process; // guarded by this
  private boolean killRequested; // guarded by this
  private volatile Throwable launchFailure;
  private volatile Thread executorThread;

  JvmProcess(String name) {
    this.name = name;
  }

  /**
   * Starts the process; {@code onEnd} runs once with its exit code when it has ended and its
   * output is drained, on a thread of its own, also when it could not start at all.
   */
  @Override
  public void start(List<String> command, byte[] stdin, IntConsumer onEnd) {
    CommandLine line = new CommandLine(command.get(0));
    for (String argument : command.subList(1, command.size())) {
      line.addArgument(argument, false);
    }
    DefaultExecutor executor = DefaultExecutor.builder()
        .setThreadFactory(task -> {
          Thread thread = new Thread(task, name + "-process");
          thread.setDaemon(true);
          executorThread = thread;
          return thread;
        })
        .setExecuteStreamHandler(new Pumps(stderr, new ByteArrayInputStream(stdin)))
        .get();
    executor.setExitValues(null); // every exit code is an outcome to report, not a failure
    executor.setProcessDestroyer(new Capture());
    try {
      executor.execute(line, new ExecuteResultHandler() {
        @Override
        public void onProcessComplete(int exitValue) {
          ended(onEnd);
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
          if (pid() < 0) {
            launchFailure = e.getCause() != null ? e.getCause() : e;
          }
          ended(onEnd);
        }
      });
    } catch (IOException e) {
      launchFailure = e;
      Thread thread = new Thread(() -> onEnd.accept(-1), name + "-process");
      executorThread = thread;
      thread.start();
    }
  }

  private void ended(IntConsumer onEnd) {
    int exitCode;
    synchronized (this) {
      exitCode = process == null ? -1 : process.exitValue();
    }
    ProcessReaper.forget(this);
    onEnd.accept(exitCode);
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
    return executorThread;
  }

  /** Commons Exec hands every process it starts to a destroyer: that is where we get hold of it. */
  private final class Capture implements ProcessDestroyer {
    @Override
    public boolean add(Process started) {
      boolean kill;
      synchronized (JvmProcess.this) {
        process = started;
        kill = killRequested;
      }
      ProcessReaper.remember(JvmProcess.this, started);
      if (kill) {
        started.destroyForcibly();
      }
      return true;
    }

    @Override
    public boolean remove(Process ended) {
      return true;
    }

    @Override
    public int size() {
      return 0;
    }
  }

  /** Commons Exec's pumps, on threads named after the worker. */
  private final class Pumps extends PumpStreamHandler {
    Pumps(OutputStream err, InputStream in) {
      super(new LineForwarder(() -> System.out), err, in);
      setStopTimeout(Duration.ofSeconds(2)); // a grandchild may hold the pipes open
    }

    @Override
    protected Thread createPump(InputStream is, OutputStream os, boolean closeWhenExhausted) {
      Thread pump = new Thread(new StreamPumper(is, os, closeWhenExhausted),
          name + "-output");
      pump.setDaemon(true);
      return pump;
    }
  }
}
