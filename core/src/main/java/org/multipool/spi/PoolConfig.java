package org.multipool.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.multipool.Task;

/**
 * The settings of one pool, as {@link org.multipool.PoolBuilder} validated them.
 *
 * <pre>{@code
 * PoolConfig config = new PoolConfig("threads", 4, "images", PoolConfig.UNLIMITED_TASKS, null, null, List.of());
 * }</pre>
 *
 * @param backend the id of the backend to run on
 * @param workers how many workers to keep running, at least 1
 * @param name the pool's name, used in thread names and worker labels
 * @param maxTasksPerWorker how many tasks a worker runs before it is replaced, or
 *     {@link #UNLIMITED_TASKS}
 * @param initializer what each worker runs once before its first task, or {@code null}
 * @param taskTimeout how long a task may run, from its start, or {@code null} for no limit
 * @param jvmOptions options for worker JVMs, empty for other backends
 *
 * @since 0.1.0
 */
public record PoolConfig(
    String backend,
    int workers,
    String name,
    int maxTasksPerWorker,
    Task<?> initializer,
    Duration taskTimeout,
    List<String> jvmOptions) {

  /** The {@link #maxTasksPerWorker} of a pool whose workers are never recycled. */
  public static final int UNLIMITED_TASKS = Integer.MAX_VALUE;

  /**
   * Checks the settings that every backend relies on.
   *
   * @param backend the id of the backend to run on
   * @param workers how many workers to keep running, at least 1
   * @param name the pool's name, used in thread names and worker labels
   * @param maxTasksPerWorker how many tasks a worker runs before it is replaced, or
   *     {@link #UNLIMITED_TASKS}
   * @param initializer what each worker runs once before its first task, or {@code null}
   * @param taskTimeout how long a task may run, from its start, or {@code null} for no limit
   * @param jvmOptions options for worker JVMs, empty for other backends
   * @throws IllegalArgumentException if a count or the timeout is not positive
   * @throws NullPointerException if a required setting is {@code null}
   */
  public PoolConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(name, "name");
    jvmOptions = List.copyOf(jvmOptions);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
    }
    if (maxTasksPerWorker < 1) {
      throw new IllegalArgumentException(
          "maxTasksPerWorker must be >= 1 but was " + maxTasksPerWorker);
    }
    if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
      throw new IllegalArgumentException("taskTimeout must be positive but was " + taskTimeout);
    }
  }
}
