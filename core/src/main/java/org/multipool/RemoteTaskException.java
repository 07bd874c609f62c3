package org.multipool;

/**
 * A task on a worker JVM threw an exception that could not be rebuilt in the caller, for example
 * because its class is not serializable.
 *
 * <p>It carries the remote exception's class name, its message and its stack trace, so the failure
 * reads as if it had happened locally.
 *
 * <pre>{@code
 * catch (ExecutionException e) {
 *   if (e.getCause() instanceof RemoteTaskException remote) {
 *     log.warn("worker threw {}", remote.remoteClassName());
 *   }
 * }
 * }</pre>
 *
 * <p>Semantics point 12 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public final class RemoteTaskException extends PoolException {
  private static final long serialVersionUID = 1L;

  /** The class name of the exception the task threw. */
  private final String remoteClassName;

  /**
   * Creates an exception standing in for a remote one.
   *
   * @param remoteClassName the class name of the exception the task threw
   * @param remoteMessage the message of that exception, or {@code null}
   * @param remoteStackTrace its stack trace, as recorded in the worker
   */
  public RemoteTaskException(
      String remoteClassName, String remoteMessage, StackTraceElement[] remoteStackTrace) {
    super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage));
    this.remoteClassName = remoteClassName;
    setStackTrace(remoteStackTrace.clone());
  }

  /**
   * Returns the class name of the exception the task threw in the worker.
   *
   * @return the remote exception's class name
   */
  public String remoteClassName() {
    return remoteClassName;
  }
}
