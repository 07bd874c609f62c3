package org.multipool;

/**
 * Thrown by {@code map}, {@code mapAsync} and the {@code imap} streams when one item failed.
 *
 * <p>{@link #getCause()} is that item's own failure: the exception the task threw, or a
 * {@link TaskTimeoutException}, {@link WorkerCrashedException}, {@link SerializationException} or
 * {@link RemoteTaskException}. {@code map} reports the failure with the lowest index.
 *
 * <pre>{@code
 * try {
 *   pool.map(x -> 10 / x, List.of(1, 0, 2));
 * } catch (TaskFailedException e) {
 *   e.index();      // 1
 *   e.getCause();   // the ArithmeticException
 * }
 * }</pre>
 *
 * <p>Semantics point 3 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public class TaskFailedException extends PoolException {
  private static final long serialVersionUID = 1L;

  /** The position of the failed item in the input. */
  private final int index;

  /**
   * Creates an exception for the item at {@code index}.
   *
   * @param index the position of the failed item in the input
   * @param cause the item's failure
   */
  public TaskFailedException(int index, Throwable cause) {
    super("The task for item " + index + " failed: " + cause, cause);
    this.index = index;
  }

  /**
   * Returns the position of the failed item in the input, counting from 0.
   *
   * @return the index of the failed item
   */
  public int index() {
    return index;
  }
}
