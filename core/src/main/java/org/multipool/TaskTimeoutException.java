package org.multipool;

/**
 * A task ran longer than the pool's {@link PoolBuilder#taskTimeout task timeout}, counted from the
 * moment it started running.
 *
 * <p>On threads the task was interrupted; on processes its worker was killed and replaced. Either
 * way the next task runs normally.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().threads(2).taskTimeout(Duration.ofSeconds(5)).build();
 * }</pre>
 *
 * <p>Semantics point 7 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public class TaskTimeoutException extends PoolException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message which task ran too long, and for how long it was allowed to run
   */
  public TaskTimeoutException(String message) {
    super(message);
  }
}
