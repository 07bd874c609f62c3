package org.multipool;

/**
 * A task, an item or a result could not be serialized to cross between the caller and a worker JVM.
 *
 * <p>The message names the class that failed. A task or item that cannot be serialized fails the
 * call that submitted it; a result that cannot be serialized fails only its own task.
 *
 * <pre>{@code
 * Object lock = new Object();                // not Serializable
 * pool.submit(() -> lock.hashCode());        // throws SerializationException naming java.lang.Object
 * }</pre>
 *
 * <p>Semantics point 12 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public class SerializationException extends PoolException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what could not be serialized, naming its class
   * @param cause the serialization failure, or {@code null}
   */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
