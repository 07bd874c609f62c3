package org.multipool;

/**
 * The worker running a task died before the task finished: the task called {@code System.exit} or
 * {@code Runtime.halt}, the worker ran out of memory, crashed in native code or was killed from outside.
 *
 * <p>Only the tasks that worker held fail; the pool starts a replacement and goes on. An exit code of
 * 0 is still a crash, because a worker never exits on its own while it holds a task. The message
 * ends with the tail of the worker's error output.
 *
 * <pre>{@code
 * try {
 *   pool.submit(() -> { System.exit(3); return null; }).get();
 * } catch (ExecutionException e) {
 *   WorkerCrashedException crash = (WorkerCrashedException) e.getCause();
 *   crash.exitCode();   // 3
 * }
 * }</pre>
 *
 * <p>Semantics point 13 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public class WorkerCrashedException extends PoolException {
  private static final long serialVersionUID = 1L;

  /** The process id of the worker that died. */
  private final long pid;
  /** The exit code of the worker that died. */
  private final int exitCode;

  /**
   * Creates an exception for a worker that died.
   *
   * @param message what happened, ending with the tail of the worker's error output
   * @param pid the worker's process id
   * @param exitCode the worker's exit code
   */
  public WorkerCrashedException(String message, long pid, int exitCode) {
    super(message);
    this.pid = pid;
    this.exitCode = exitCode;
  }

  /**
   * Returns the process id of the worker that died.
   *
   * @return the worker's pid
   */
  public long pid() {
    return pid;
  }

  /**
   * Returns the exit code of the worker that died; 128 + n when it was killed by signal n.
   *
   * @return the worker's exit code
   */
  public int exitCode() {
    return exitCode;
  }
}
