package org.multipool;

/**
 * The pool cannot run work any more: its initializer failed, or its workers cannot start.
 *
 * <p>Every pending task fails with this exception, every later call throws it, and no worker is
 * left running. The cause, or the message, carries the original error, such as the initializer's
 * exception or a worker JVM's own error output.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().threads(2).initializer(() -> { throw new IOException("no config"); }).build();
 * pool.submit(() -> 1);   // the future fails, or the call throws, with BrokenPoolException
 * }</pre>
 *
 * <p>Semantics points 10 and 13 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public class BrokenPoolException extends PoolException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message why the pool is broken
   * @param cause the original error, or {@code null}
   */
  public BrokenPoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
