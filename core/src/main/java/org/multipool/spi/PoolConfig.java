package org.multipool.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.multipool.Task;
import org.multipool.WhenQueueFull;

/**
 * The settings of one pool, as {@link org.multipool.PoolBuilder} validated them: those every
 * backend honours, and the {@link BackendOption options} that only some read.
 *
 * <p>A backend reads what it needs and ignores the rest; new settings add methods here, never
 * parameters to a method a backend implements, so a backend written today keeps compiling and
 * linking against later versions.
 *
 * <pre>{@code
 * PoolConfig config = PoolConfig.builder("processes", 4)
 *     .name("images")
 *     .option(BackendOption.JVM_OPTIONS, List.of("-Xmx256m"))
 *     .build();
 * List<String> jvmOptions = config.option(BackendOption.JVM_OPTIONS);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PoolConfig {
  /** The {@link #maxTasksPerWorker} of a pool whose workers are never recycled. */
  public static final int UNLIMITED_TASKS = Integer.MAX_VALUE;

  /** The {@link #maxQueuedTasks} of a pool that queues any number of submitted tasks. */
  public static final int UNLIMITED_QUEUED_TASKS = Integer.MAX_VALUE;

  private final String backend;
  private final int workers;
  private final String name;
  private final int maxTasksPerWorker;
  private final Task<?> initializer;
  private final Duration taskTimeout;
  private final int maxQueuedTasks;
  private final WhenQueueFull whenQueueFull;
  private final Map<BackendOption<?>, Object> options;

  private PoolConfig(Builder builder) {
    this.backend = builder.backend;
    this.workers = builder.workers;
    this.name = builder.name;
    this.maxTasksPerWorker = builder.maxTasksPerWorker;
    this.initializer = builder.initializer;
    this.taskTimeout = builder.taskTimeout;
    this.maxQueuedTasks = builder.maxQueuedTasks;
    this.whenQueueFull = builder.whenQueueFull;
    this.options = Collections.unmodifiableMap(new IdentityHashMap<>(builder.options));
  }

  /**
   * Starts the settings of a pool.
   *
   * @param backend the id of the backend to run on
   * @param workers how many workers to keep running, at least 1
   * @return a builder whose other settings are the defaults: named "multipool", workers never
   *     recycled, no initializer, no task timeout, no limit on queued tasks, no options
   * @throws IllegalArgumentException if {@code workers < 1}
   */
  public static Builder builder(String backend, int workers) {
    return new Builder(backend, workers);
  }

  /**
   * Returns the id of the backend to run on.
   *
   * @return the id
   */
  public String backend() {
    return backend;
  }

  /**
   * Returns how many workers to keep running.
   *
   * @return at least 1
   */
  public int workers() {
    return workers;
  }

  /**
   * Returns the pool's name, used in thread names and worker labels.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how many tasks a worker runs before it is replaced.
   *
   * @return at least 1, or {@link #UNLIMITED_TASKS}
   */
  public int maxTasksPerWorker() {
    return maxTasksPerWorker;
  }

  /**
   * Returns what each worker runs once before its first task.
   *
   * @return the initializer, or {@code null} for none
   */
  public Task<?> initializer() {
    return initializer;
  }

  /**
   * Returns how long a task may run, from its start.
   *
   * @return the limit, or {@code null} for none
   */
  public Duration taskTimeout() {
    return taskTimeout;
  }

  /**
   * Returns how many submitted tasks may wait in the pool's queue at once. The core keeps this
   * limit for every backend; a backend need not read it.
   *
   * @return at least 1, or {@link #UNLIMITED_QUEUED_TASKS}
   */
  public int maxQueuedTasks() {
    return maxQueuedTasks;
  }

  /**
   * Returns what a {@code submit} does when {@link #maxQueuedTasks} tasks are queued.
   *
   * @return {@link WhenQueueFull#WAIT} unless chosen otherwise
   */
  public WhenQueueFull whenQueueFull() {
    return whenQueueFull;
  }

  /**
   * Returns an option's value.
   *
   * @param option the option
   * @param <T> the type of its value
   * @return the value the pool set, or {@link BackendOption#whenUnset()}
   */
  public <T> T option(BackendOption<T> option) {
    Object value = options.get(Objects.requireNonNull(option, "option"));
    @SuppressWarnings("unchecked") // Builder.option puts only a T under a BackendOption<T>
    T typed = (T) value;
    return value == null ? option.whenUnset() : typed;
  }

  /**
   * Returns the options the pool set.
   *
   * @return the options, unmodifiable
   */
  public Set<BackendOption<?>> options() {
    return options.keySet();
  }

  /**
   * Checks that {@code backend} reads every option this pool set.
   *
   * @param backend the backend that is to run the pool
   * @throws IllegalStateException naming the first option it does not read
   */
  public void checkOptionsReadBy(PoolBackend backend) {
    Set<BackendOption<?>> read = backend.options();
    Optional<BackendOption<?>> unread = options.keySet().stream().filter(option -> !read.contains(option))
        .findFirst();
    if (unread.isPresent()) {
      throw new IllegalStateException(unread.get() + " do not apply to the " + backend.id()
          + " backend, which ignores them; " + (unread.get() == BackendOption.JVM_OPTIONS
              ? "they apply to backends that start worker JVMs, such as processes(n)"
              : "leave them out for this backend"));
    }
  }

  @Override
  public String toString() {
    return "PoolConfig[backend=" + backend + ", workers=" + workers + ", name=" + name
        + ", maxTasksPerWorker=" + maxTasksPerWorker + ", initializer=" + initializer
        + ", taskTimeout=" + taskTimeout + ", maxQueuedTasks="
        + (maxQueuedTasks == UNLIMITED_QUEUED_TASKS ? "unlimited" : maxQueuedTasks + " (" + whenQueueFull + ")")
        + ", options=" + options + "]";
  }

  /**
   * Collects and checks the settings of a {@link PoolConfig}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String backend;
    private final int workers;
    private String name = "multipool";
    private int maxTasksPerWorker = UNLIMITED_TASKS;
    private Task<?> initializer;
    private Duration taskTimeout;
    private int maxQueuedTasks = UNLIMITED_QUEUED_TASKS;
    private WhenQueueFull whenQueueFull = WhenQueueFull.WAIT;
    private final Map<BackendOption<?>, Object> options = new IdentityHashMap<>();

    private Builder(String backend, int workers) {
      this.backend = Objects.requireNonNull(backend, "backend");
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
      }
      this.workers = workers;
    }

    /**
     * Sets the pool's name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets how many tasks a worker runs before it is replaced.
     *
     * @param tasks at least 1, or {@link #UNLIMITED_TASKS}
     * @return this builder
     * @throws IllegalArgumentException if {@code tasks < 1}
     */
    public Builder maxTasksPerWorker(int tasks) {
      if (tasks < 1) {
        throw new IllegalArgumentException("maxTasksPerWorker must be >= 1 but was " + tasks);
      }
      this.maxTasksPerWorker = tasks;
      return this;
    }

    /**
     * Sets what each worker runs once before its first task.
     *
     * @param initializer the initializer, or {@code null} for none
     * @return this builder
     */
    public Builder initializer(Task<?> initializer) {
      this.initializer = initializer;
      return this;
    }

    /**
     * Sets how long a task may run, from its start.
     *
     * @param timeout a positive duration, or {@code null} for no limit
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder taskTimeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("taskTimeout must be positive but was " + timeout);
      }
      this.taskTimeout = timeout;
      return this;
    }

    /**
     * Sets how many submitted tasks may wait in the pool's queue at once, and what a
     * {@code submit} does beyond that.
     *
     * @param tasks at least 1, or {@link #UNLIMITED_QUEUED_TASKS}
     * @param whenFull whether a {@code submit} beyond the limit waits or is rejected
     * @return this builder
     * @throws IllegalArgumentException if {@code tasks < 1}
     */
    public Builder maxQueuedTasks(int tasks, WhenQueueFull whenFull) {
      Objects.requireNonNull(whenFull, "whenFull");
      if (tasks < 1) {
        throw new IllegalArgumentException("maxQueuedTasks must be >= 1 but was " + tasks);
      }
      this.maxQueuedTasks = tasks;
      this.whenQueueFull = whenFull;
      return this;
    }

    /**
     * Sets an option.
     *
     * @param option the option
     * @param value its value
     * @param <T> the type of the value
     * @return this builder
     */
    public <T> Builder option(BackendOption<T> option, T value) {
      options.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public PoolConfig build() {
      return new PoolConfig(this);
    }
  }
}
