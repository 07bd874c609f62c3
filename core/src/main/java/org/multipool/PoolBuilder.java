package org.multipool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.internal.CorePool;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.BackendOption;
import org.multipool.spi.PoolConfig;

/**
 * Builds a {@link Pool} with more settings than {@link Pool#threads} and {@link Pool#processes}.
 *
 * <pre>{@code
 * Pool pool = Pool.builder()
 *     .processes(4)
 *     .name("thumbnails")
 *     .jvmOptions("-Xmx256m")
 *     .taskTimeout(Duration.ofSeconds(30))
 *     .maxTasksPerWorker(1_000)
 *     .maxQueuedTasks(10_000)            // submit waits while 10,000 tasks are queued
 *     .build();
 * }</pre>
 *
 * <p>Exactly one backend must be chosen: {@link #threads}, {@link #virtualThreads},
 * {@link #processes}, or another one with {@link #backend}. Every setter checks its value at once and may be called once; a builder can build any
 * number of pools.
 *
 * <p>Semantics points 2, 7, 9, 10 and 31 (docs/semantics.md).
 *
 * @since 0.1.0
 */
public final class PoolBuilder {
  private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

  private String backend;
  /** The backend itself, when the caller passed one rather than an id to look up. */
  private PoolBackend backendInstance;
  private int workers;
  private String name;
  private Integer maxTasksPerWorker;
  private Task<?> initializer;
  private Duration taskTimeout;
  private List<String> jvmOptions;
  private Integer maxQueuedTasks;
  private WhenQueueFull whenQueueFull;

  PoolBuilder() {}

  /**
   * Runs the pool on {@code workers} platform threads of this JVM.
   *
   * @param workers the number of threads, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if a backend was chosen already
   */
  public PoolBuilder threads(int workers) {
    return chooseBackend("threads", "workers", workers);
  }

  /**
   * Runs each task on a virtual thread of its own, at most {@code maxConcurrent} at once: for many
   * tasks that mostly wait. Needs JDK 21 or newer at run time.
   *
   * @param maxConcurrent the most tasks running at once, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maxConcurrent < 1}
   * @throws UnsupportedOperationException if this JVM is older than JDK 21
   * @throws IllegalStateException if a backend was chosen already
   */
  public PoolBuilder virtualThreads(int maxConcurrent) {
    int feature = Runtime.version().feature();
    if (feature < 21) {
      throw new UnsupportedOperationException("virtualThreads needs JDK 21 or newer, but this JVM is "
          + Runtime.version() + "; use threads(n) here, or run on a newer JDK");
    }
    return chooseBackend("virtual-threads", "maxConcurrent", maxConcurrent);
  }

  /**
   * Runs the pool on {@code workers} worker JVMs; needs {@code multipool-process-backend} on the
   * class path.
   *
   * @param workers the number of worker JVMs, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if a backend was chosen already
   */
  public PoolBuilder processes(int workers) {
    return chooseBackend("processes", "workers", workers);
  }

  /**
   * Runs the pool on another backend found on the class path, such as a cluster backend, by the id
   * it reports from {@link org.multipool.spi.PoolBackend#id()}.
   *
   * @param id the backend's id, not blank
   * @param workers the number of workers, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code id} is blank or {@code workers < 1}
   * @throws IllegalStateException if a backend was chosen already
   */
  public PoolBuilder backend(String id, int workers) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    return chooseBackend(id, "workers", workers);
  }

  /**
   * Runs the pool on a backend object the application made itself, rather than one found on the
   * class path by id: a backend bound to something the application already has, such as a cluster
   * connection.
   *
   * <pre>{@code
   * Pool pool = Pool.builder().backend(ClusterBackend.on(hazelcast), 8).build();
   * }</pre>
   *
   * @param backend the backend
   * @param workers the number of workers, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if a backend was chosen already
   * @since 0.1.0
   */
  public PoolBuilder backend(PoolBackend backend, int workers) {
    Objects.requireNonNull(backend, "backend");
    String id = Objects.requireNonNull(backend.id(), "backend.id()");
    chooseBackend(id, "workers", workers);
    this.backendInstance = backend;
    return this;
  }

  /**
   * Names the pool; thread names and worker labels start with it. The default is
   * {@code multipool-N}.
   *
   * @param name the name, not blank
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was set already
   */
  public PoolBuilder name(String name) {
    Objects.requireNonNull(name, "name");
    checkUnset(this.name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name;
    return this;
  }

  /**
   * Replaces a worker after it has run {@code tasks} tasks (each item of a {@code map} counts as
   * one): Python's {@code maxtasksperchild}, for tasks that leak.
   *
   * @param tasks the most tasks a worker runs, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code tasks < 1}
   * @throws IllegalStateException if it was set already
   */
  public PoolBuilder maxTasksPerWorker(int tasks) {
    checkUnset(maxTasksPerWorker, "maxTasksPerWorker");
    checkPositive("maxTasksPerWorker", tasks);
    this.maxTasksPerWorker = tasks;
    return this;
  }

  /**
   * Runs {@code init} once in every worker before its first task, for example to open a
   * connection or fill a thread-local. If it throws, the pool is broken: pending tasks fail with
   * {@link BrokenPoolException} and so does every later call.
   *
   * @param init what to run in each worker
   * @return this builder
   * @throws IllegalStateException if it was set already
   */
  public PoolBuilder initializer(Task<?> init) {
    Objects.requireNonNull(init, "init");
    checkUnset(initializer, "initializer");
    this.initializer = init;
    return this;
  }

  /**
   * Limits how long each task may run, from the moment it starts: the task then fails with
   * {@link TaskTimeoutException}. Threads are interrupted; worker JVMs are killed and replaced.
   *
   * @param timeout the limit, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   * @throws IllegalStateException if it was set already
   */
  public PoolBuilder taskTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    checkUnset(taskTimeout, "taskTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("taskTimeout must be positive but was " + timeout);
    }
    this.taskTimeout = timeout;
    return this;
  }

  /**
   * Limits how many submitted tasks may wait in the queue at once; a {@code submit} beyond that
   * waits until one leaves it. The same as {@code maxQueuedTasks(tasks, WhenQueueFull.WAIT)}.
   *
   * @param tasks the most tasks queued at once, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code tasks < 1}
   * @throws IllegalStateException if it was set already
   * @see #maxQueuedTasks(int, WhenQueueFull)
   */
  public PoolBuilder maxQueuedTasks(int tasks) {
    return maxQueuedTasks(tasks, WhenQueueFull.WAIT);
  }

  /**
   * Limits how many submitted tasks may wait in the queue at once, for back-pressure: without a
   * limit (the default, as in Python's executors and a {@code newFixedThreadPool}) a caller that
   * submits faster than the workers run keeps every pending task in its heap.
   *
   * <p>A task counts from its {@code submit} until a worker takes it, or it is cancelled, or the
   * pool terminates; running tasks do not count, so the pool holds at most {@code tasks} queued
   * and {@link Pool#workers()} running, plus a few that busy worker JVMs or cluster slots hold
   * ahead. Only {@code submit} counts, also through {@link Pool#asExecutorService()}: a
   * {@code map} is one call whose items are in the caller's memory already, and {@code imap}
   * reads only a few chunks ahead by itself.
   *
   * <pre>{@code
   * Pool pool = Pool.builder().threads(4).maxQueuedTasks(1_000, WhenQueueFull.REJECT).build();
   * }</pre>
   *
   * @param tasks the most tasks queued at once, at least 1
   * @param whenFull whether a {@code submit} beyond the limit waits for room or is rejected
   * @return this builder
   * @throws IllegalArgumentException if {@code tasks < 1}
   * @throws IllegalStateException if it was set already
   */
  public PoolBuilder maxQueuedTasks(int tasks, WhenQueueFull whenFull) {
    Objects.requireNonNull(whenFull, "whenFull");
    checkUnset(maxQueuedTasks, "maxQueuedTasks");
    checkPositive("maxQueuedTasks", tasks);
    this.maxQueuedTasks = tasks;
    this.whenQueueFull = whenFull;
    return this;
  }

  /**
   * Passes options to every worker JVM, for example {@code "-Xmx256m"}; for
   * {@link #processes} only.
   *
   * @param options the JVM options, none of them null or blank
   * @return this builder
   * @throws IllegalArgumentException if an option is blank
   * @throws IllegalStateException if they were set already
   */
  public PoolBuilder jvmOptions(String... options) {
    Objects.requireNonNull(options, "options");
    checkUnset(jvmOptions, "jvmOptions");
    for (int i = 0; i < options.length; i++) {
      Objects.requireNonNull(options[i], "options[" + i + "]");
      if (options[i].isBlank()) {
        throw new IllegalArgumentException("options[" + i + "] must not be blank");
      }
    }
    this.jvmOptions = List.of(options);
    return this;
  }

  /**
   * Starts a pool with these settings.
   *
   * @return the running pool
   * @throws IllegalStateException if no backend was chosen, if a setting does not apply to the
   *     chosen backend, or if the backend is not on the class path (the message names the artifact
   *     to add)
   * @throws IllegalArgumentException if a setting the backend reads itself is wrong, such as a
   *     system property of the process backend (the message names it)
   * @throws BrokenPoolException if the backend cannot start the workers
   */
  public Pool build() {
    if (backend == null) {
      throw new IllegalStateException(
          "No backend chosen: call threads(n), virtualThreads(n) or processes(n) before build()");
    }
    PoolConfig.Builder config = PoolConfig.builder(backend, workers)
        .name(name != null ? name : "multipool-" + POOL_NUMBERS.incrementAndGet())
        .initializer(initializer)
        .taskTimeout(taskTimeout);
    if (maxTasksPerWorker != null) {
      config.maxTasksPerWorker(maxTasksPerWorker);
    }
    if (maxQueuedTasks != null) {
      config.maxQueuedTasks(maxQueuedTasks, whenQueueFull);
    }
    if (jvmOptions != null) {
      config.option(BackendOption.JVM_OPTIONS, jvmOptions);
    }
    return backendInstance != null ? CorePool.create(config.build(), backendInstance)
        : CorePool.create(config.build());
  }

  private PoolBuilder chooseBackend(String id, String what, int count) {
    if (backend != null) {
      throw new IllegalStateException(
          "The backend was already set to " + backend + "; choose only one backend");
    }
    checkPositive(what, count);
    this.backend = id;
    this.workers = count;
    return this;
  }

  private static void checkPositive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be >= 1 but was " + value);
    }
  }

  private static void checkUnset(Object value, String what) {
    if (value != null) {
      throw new IllegalStateException(what + " was already set to " + value);
    }
  }
}
