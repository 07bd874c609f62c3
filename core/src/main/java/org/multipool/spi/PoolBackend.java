package org.multipool.spi;

/**
 * A way of running pool work: threads in this JVM, worker JVMs, or a cluster.
 *
 * <p>A backend is found with {@link java.util.ServiceLoader}: its module declares
 * {@code provides org.multipool.spi.PoolBackend with ...} and its jar lists the class in
 * {@code META-INF/services/org.multipool.spi.PoolBackend}. {@link org.multipool.PoolBuilder} picks
 * the one whose {@link #id()} matches the kind of pool asked for.
 *
 * <p>The core does all the bookkeeping: chunking, futures, ordering, cancellation, timeouts and the
 * lifecycle. A backend only starts workers; each worker registers with {@link WorkSource#newWorker},
 * then takes batches and runs them until {@link Worker#take} says there is nothing more to do.
 *
 * <pre>{@code
 * public final class MyBackend implements PoolBackend {
 *   public String id() { return "my-backend"; }
 *   public WorkerGroup start(PoolConfig config, WorkSource work) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface PoolBackend {

  /**
   * Returns the backend's id, which is also what {@link org.multipool.Pool#backend()} reports:
   * {@code "threads"}, {@code "virtual-threads"} or {@code "processes"}.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the {@link BackendOption options} this backend reads. {@link
   * org.multipool.PoolBuilder#build()} refuses a pool that sets any other, as the backend would
   * ignore it.
   *
   * @return the options read; none unless overridden
   */
  default java.util.Set<BackendOption<?>> options() {
    return java.util.Set.of();
  }

  /**
   * Starts the workers of a new pool.
   *
   * <p>This should return quickly: workers may finish starting in the background. Every worker it
   * starts, now or later as a replacement, registers through {@code work}.
   *
   * @param config the pool's settings, already validated
   * @param work where the workers take their work from
   * @return the started group
   * @throws IllegalArgumentException if a setting of the backend's own (a system property, say) is
   *     wrong; {@link org.multipool.PoolBuilder#build()} throws it as it is
   * @throws RuntimeException if the workers cannot be started at all; {@code build()} throws a
   *     {@link org.multipool.BrokenPoolException} with it as the cause
   */
  WorkerGroup start(PoolConfig config, WorkSource work);
}
