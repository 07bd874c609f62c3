package org.multipool.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.multipool.BrokenPoolException;
import org.multipool.MapFuture;
import org.multipool.Pool;
import org.multipool.PoolStats;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.Task;
import org.multipool.TaskFunction;
import org.multipool.internal.Lifecycle.Life;
import org.multipool.internal.Lifecycle.Stage;
import org.multipool.spi.LocalWorker;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.SharedObjects;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerGroup;

/**
 * The one {@link Pool} implementation: a façade over the parts that do the work, whichever backend
 * runs the workers. Not part of the API; its module does not export it. The parts, each with one
 * job: the {@link Lifecycle} (where the pool is in its life), the {@link PoolEnding} (what each step
 * towards the end does), the {@link WorkerRegistry} (the live workers), the {@link WorkQueue} (the
 * batches waiting for one) and the jobs ({@link SubmitJob}, {@link MapJob}, {@link StreamJob}).
 * Users get it through the builder:
 *
 * <pre>{@code
 * Pool pool = Pool.builder().threads(4).build();   // a CorePool on the "threads" backend
 * }</pre>
 */
public final class CorePool implements Pool, WorkSource {
  private final PoolConfig config;
  private final PoolCounters counters = new PoolCounters();
  private final Lifecycle lifecycle;
  private final WorkerRegistry registry;
  private final WorkQueue queue;
  private final PoolEnding ending;
  /** The places for queued submitted tasks (semantics 31); null if the pool queues any number. */
  private final QueuedTaskLimit limit;
  private final ExecutorService executorView = new PoolExecutorService(this);
  /** The backend's group, for preparing batches on callers' threads; set once it has started. */
  private volatile WorkerGroup group;
  /** The pool's queues and maps, which end when it stops or its workers are gone. */
  private volatile SharedObjects shared;

  private CorePool(PoolConfig config) {
    this.config = config;
    this.lifecycle = new Lifecycle(config.name());
    this.registry = new WorkerRegistry(this, lifecycle);
    this.queue = new WorkQueue(registry.slots(), counters);
    this.limit = config.maxQueuedTasks() == PoolConfig.UNLIMITED_QUEUED_TASKS
        ? null : new QueuedTaskLimit(config.name(), config.maxQueuedTasks(), config.whenQueueFull());
    this.ending = new PoolEnding(config.name(), lifecycle, queue, registry, limit);
  }

  /** Creates a pool on the backend {@code config} names; an IllegalStateException if it is not on the class path. */
  public static Pool create(PoolConfig config) {
    return create(config, Backends.find(config.backend()));
  }

  /**
   * Creates a pool on the given backend, which the application made itself.
   *
   * @param config the validated settings; its backend id is {@code backend}'s
   * @param backend the backend
   * @return the running pool
   */
  public static Pool create(PoolConfig config, PoolBackend backend) {
    config.checkOptionsReadBy(backend);
    CorePool pool = new CorePool(config);
    pool.start(backend);
    return pool;
  }

  private void start(PoolBackend backend) {
    WorkerGroup started;
    try {
      started = backend.start(config, this);
    } catch (IllegalArgumentException e) {
      // A setting of the backend's own is wrong: the caller's mistake, reported as the builder's
      // own checks are. The pool never ran; breaking it ends whatever the backend started.
      broken(new BrokenPoolException("The " + config.backend() + " backend rejected a setting of pool "
          + config.name() + ": " + e.getMessage(), e));
      throw e;
    } catch (RuntimeException | Error e) {
      broken(new BrokenPoolException("The " + config.backend() + " backend could not start the workers of pool "
          + config.name() + ": " + e, e));
      throw lifecycle.brokenException();
    }
    shared = started.sharedObjects(config.name());
    group = started;
    TimeoutWatchdog timeouts = config.taskTimeout() == null
        ? null : TimeoutWatchdog.start(registry, lifecycle, config.name(), config.taskTimeout());
    ending.started(started, shared, timeouts);
  }

  // ---- Pool ----

  @Override
  public int workers() {
    return config.workers();
  }

  @Override
  public String backend() {
    return config.backend();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> submit(Task<? extends R> task) {
    Objects.requireNonNull(task, "task");
    lifecycle.checkAccepting();
    SubmitJob job = limit == null ? new SubmitJob(this) : withPlace();
    try {
      enqueue(job.batchFor(task));
    } catch (RuntimeException | Error e) {
      job.leftQueue(); // never queued: its place is free again
      throw e;
    }
    return (CompletableFuture<R>) job.future;
  }

  /** A job for a task with a place among the queued tasks, once there is one (semantics 31). */
  private SubmitJob withPlace() {
    if (!limit.take()) { // the pool stopped taking work while the call waited
      lifecycle.checkAccepting();
      throw lifecycle.rejected();
    }
    return new SubmitJob.Limited(this, limit);
  }

  @Override
  public <T, R> List<R> map(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return MapJob.await(mapAsync(fn, items));
  }

  @Override
  public <T, R> List<R> map(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunkSize) {
    Objects.requireNonNull(fn, "fn"); // a null is the first thing wrong, as in every other call
    Objects.requireNonNull(items, "items");
    checkChunkSize(chunkSize);
    return MapJob.await(mapAsync(fn, items, chunkSize));
  }

  @Override
  public <T, R> MapFuture<R> mapAsync(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return mapAsync(fn, items, 0);
  }

  @SuppressWarnings("unchecked")
  private <T, R> MapFuture<R> mapAsync(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunkSize) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    lifecycle.checkAccepting();
    Collection<?> input = items instanceof Collection<?> collection ? collection : ChunkReader.readAll(items);
    int size = input.size();
    if (size == 0) {
      return MapTaskFuture.ofNoItems();
    }
    return (MapFuture<R>) MapJob.start(this, fn, input, chunkSize > 0 ? chunkSize : Chunking.forKnownSize(size, config.workers()));
  }

  @Override
  public <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    checkStreamCall(fn, items);
    return StreamJob.open(this, fn, items.iterator(), sizeOf(items), true, null);
  }

  @Override
  public <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
    checkStreamCall(fn, items);
    return StreamJob.open(this, fn, items.iterator(), -1, true, items);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    checkStreamCall(fn, items);
    return StreamJob.open(this, fn, items.iterator(), sizeOf(items), false, null);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
    checkStreamCall(fn, items);
    return StreamJob.open(this, fn, items.iterator(), -1, false, items);
  }

  /** Checks an {@code imap} call before its input is touched: a rejected call consumes nothing. */
  private void checkStreamCall(TaskFunction<?, ?> fn, Object items) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    lifecycle.checkAccepting();
  }

  @Override
  public void shutdown() {
    ending.shutdown();
  }

  @Override
  public void terminate() {
    ending.terminate();
  }

  @Override
  public void join() {
    ending.awaitUninterruptibly(Long.MAX_VALUE, null);
  }

  @Override
  public boolean join(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    return ending.awaitUninterruptibly(TimeUnit.NANOSECONDS.convert(timeout), null);
  }

  /**
   * Shuts the pool down and waits for it, like {@code ExecutorService.close()}: if the waiting
   * thread is interrupted, running tasks are stopped as by {@link #terminate()}, the wait goes on,
   * and the interrupt is restored at the end.
   */
  @Override
  public void close() {
    shutdown();
    ending.awaitUninterruptibly(Long.MAX_VALUE, this::terminate);
  }

  @Override
  public <T> SharedQueue<T> newQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
    }
    lifecycle.checkSharedObjectsLive();
    return shared.newQueue(capacity);
  }

  @Override
  public <K, V> SharedMap<K, V> newMap() {
    lifecycle.checkSharedObjectsLive();
    return shared.newMap();
  }

  @Override
  public PoolStats stats() {
    return counters.snapshot();
  }

  @Override
  public ExecutorService asExecutorService() {
    return executorView;
  }

  @Override
  public boolean isShutdown() {
    return lifecycle.now().stage() != Stage.OPEN;
  }

  @Override
  public boolean isTerminated() {
    return ending.isTerminated();
  }

  @Override
  public String toString() {
    Life life = lifecycle.now();
    return "Pool[" + config.name() + ", " + config.backend() + ", workers=" + config.workers() + ", "
        + (life.broken() && life.stage() == Stage.STOPPING ? "BROKEN" : life.stage()) + "]";
  }

  // ---- WorkSource ----

  @Override
  public LocalWorker newWorker(String label, WorkerControl control) {
    return registry.register(label, control, config.workers());
  }

  @Override
  public RemoteWorker newRemoteWorker(String label, WorkerControl control) {
    return registry.register(label, control, config.workers());
  }

  @Override
  public void broken(BrokenPoolException cause) {
    ending.broken(Objects.requireNonNull(cause, "cause"));
  }

  // ---- used by jobs and workers ----

  Lifecycle lifecycle() {
    return lifecycle;
  }

  WorkerRegistry registry() {
    return registry;
  }

  PoolEnding ending() {
    return ending;
  }

  WorkQueue queue() {
    return queue;
  }

  PoolCounters counters() {
    return counters;
  }

  /** What a batch's trip to a worker and back costs on this pool's backend. */
  long batchTripNanos() {
    WorkerGroup started = group;
    return started == null ? 0 : started.batchTripNanos();
  }

  String name() {
    return config.name();
  }

  Duration taskTimeout() {
    return config.taskTimeout();
  }

  /** Prepares and queues batches; a batch the backend cannot prepare fails the call. */
  void enqueue(WorkBatch... batches) {
    WorkerGroup backend = group;
    for (WorkBatch batch : batches) {
      batch.prepareWith(backend);
    }
    if (!queue.addAll(batches)) {
      lifecycle.checkAccepting();
      throw lifecycle.rejected();
    }
  }

  // ---- internals ----

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1 but was " + chunkSize);
    }
  }

  private static long sizeOf(Iterable<?> items) {
    return items instanceof Collection<?> collection ? collection.size() : -1;
  }
}
