package org.multipool;

/**
 * The base of every exception Multipool itself throws. All of them are unchecked.
 *
 * <pre>{@code
 * try {
 *   pool.map(fn, items);
 * } catch (PoolException e) {
 *   // a task failed, timed out, crashed its worker, or the pool is broken
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class PoolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public PoolException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public PoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
