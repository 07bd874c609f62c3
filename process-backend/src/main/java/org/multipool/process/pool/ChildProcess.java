package org.multipool.process.pool;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The process a worker runs in, as its {@link WorkerJvm} needs it: start it, kill it, and hear
 * once that it has ended. {@link JvmProcess} is the real one; tests can run a worker in this JVM.
 */
interface ChildProcess {

  /**
   * Starts the process; {@code onEnd} runs once with its exit code when it has ended and its
   * output is drained, on a thread of its own, also when it could not start at all.
   */
  void start(List<String> command, byte[] stdin, IntConsumer onEnd);

  /** Kills the process, now or as soon as it exists. Returns at once. */
  void kill();

  /** The process id, or -1 before the process exists. */
  long pid();

  /** Why the process could not be started at all, or {@code null}. */
  Throwable launchFailure();

  /** The last lines the process wrote to stderr. */
  String stderrTail();

  /** The thread that waits for the process and reports its end. */
  Thread reportingThread();
}
