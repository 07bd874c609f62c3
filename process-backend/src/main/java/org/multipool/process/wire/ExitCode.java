package org.multipool.process.wire;

/**
 * The exit codes a worker JVM ends with on purpose, so the pool can say why a worker ended.
 *
 * <p>Any other code is the JVM's or a task's own ({@code System.exit(n)}, a crash, a kill).
 */
public enum ExitCode {
  /** The worker finished and was told to go. */
  NORMAL(0),
  /** The initializer failed; the pool knows why from the worker's last frame. */
  INITIALIZER_FAILED(1),
  /** The pool could not be reached, or its connection broke or said something unexpected. */
  POOL_GONE(2),
  /** The parent process is gone. */
  PARENT_GONE(4),
  /**
   * A {@code cancel(true)} reached a task this worker was running, and the task did not end at the
   * interrupt within the grace (or the grace is 0): ending the JVM stops it.
   */
  CANCELLED_WHILE_RUNNING(5);

  /** The process exit code. */
  public final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** Whether a process that ended with {@code exitCode} ended as this says. */
  public boolean is(int exitCode) {
    return code == exitCode;
  }
}
