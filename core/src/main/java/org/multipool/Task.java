package org.multipool;

import java.io.Serializable;

/**
 * A unit of work that returns a result, like {@link java.util.concurrent.Callable}, but
 * {@link Serializable} so that it can travel to a worker JVM.
 *
 * <p>A lambda or method reference whose target type is {@code Task} is serializable already; what
 * it captures must be serializable too when it runs on the process backend. On the thread backend
 * nothing is serialized.
 *
 * <pre>{@code
 * CompletableFuture<Long> size = pool.submit(() -> Files.size(Path.of("big.log")));
 * }</pre>
 *
 * @param <R> the type of the result
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Task<R> extends Serializable {

  /**
   * Computes the result.
   *
   * @return the result, which may be {@code null}
   * @throws Exception if the task fails; the failure reaches the caller through the task's future
   */
  R call() throws Exception;
}
