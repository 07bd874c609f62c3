package org.multipool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.multipool.BrokenPoolException;
import org.multipool.MapFuture;
import org.multipool.Pool;
import org.multipool.PoolStats;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.Task;
import org.multipool.TaskFailedException;
import org.multipool.TaskFunction;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.SharedObjects;
import org.multipool.spi.WorkSource;
import org.multipool.spi.Worker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.WorkerGroup;

/**
 * The one {@link Pool} implementation: the API, the lifecycle and the bookkeeping, over whichever
 * backend runs the workers. Not part of the API; its module does not export it. Users get it
 * through the builder:
 *
 * <pre>{@code
 * Pool pool = Pool.builder().threads(4).build();   // a CorePool on the "threads" backend
 * }</pre>
 */
public final class CorePool implements Pool, WorkSource {
  private enum State {
    OPEN,
    SHUTDOWN,
    TERMINATING,
    BROKEN
  }

  private final PoolConfig config;
  private final List<WorkerSlot> slots = new CopyOnWriteArrayList<>();
  private final PoolCounters counters = new PoolCounters();
  private final WorkQueue queue = new WorkQueue(slots, counters);

  private final ReentrantLock lifecycle = new ReentrantLock();
  private final Condition terminatedChanged = lifecycle.newCondition();
  private final ExecutorService executorView = new PoolExecutorService(this);
  private volatile State state = State.OPEN; // written under lifecycle
  private BrokenPoolException brokenCause; // guarded by lifecycle
  private int liveWorkers; // guarded by lifecycle
  private int startedWorkers; // guarded by lifecycle
  private boolean workersGone; // guarded by lifecycle
  private WorkerGroup group; // guarded by lifecycle
  /** The same group, for preparing batches on callers' threads without the lifecycle lock. */
  private volatile WorkerGroup preparer;
  private volatile boolean terminated; // written under lifecycle
  /** Keeps the task timeout; null when tasks have none. Set before any worker can run a task. */
  private volatile TimeoutWatchdog timeouts;
  /** Releases the workers once they are gone; the pool is terminated when it has ended. */
  private volatile Thread closer;
  /** The pool's queues and maps, which end when it begins to terminate or its workers are gone. */
  private volatile SharedObjects shared;

  private CorePool(PoolConfig config) {
    this.config = config;
  }

  /**
   * Creates a pool on the backend the configuration names.
   *
   * @param config the validated settings
   * @return the running pool
   * @throws IllegalStateException if that backend is not on the class path
   */
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
      throw brokenException();
    }
    shared = started.sharedObjects(config.name());
    lifecycle.lock();
    try {
      group = started;
      preparer = started;
    } finally {
      lifecycle.unlock();
    }
    if (config.taskTimeout() != null) {
      timeouts = TimeoutWatchdog.start(this, config.name(), config.taskTimeout());
    }
    finishIfWorkersGone();
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
    checkAccepting();
    SubmitJob job = new SubmitJob(this);
    enqueue(job.batchFor(task));
    return (CompletableFuture<R>) job.future;
  }

  @Override
  public <T, R> List<R> map(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return await(mapAsync(fn, items));
  }

  @Override
  public <T, R> List<R> map(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunkSize) {
    Objects.requireNonNull(fn, "fn"); // a null is the first thing wrong, as in every other call
    Objects.requireNonNull(items, "items");
    checkChunkSize(chunkSize);
    return await(mapAsync(fn, items, chunkSize));
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
    checkAccepting();
    Collection<?> input = items instanceof Collection<?> collection ? collection : readAll(items);
    int size = input.size();
    if (size == 0) {
      return MapTaskFuture.ofNoItems();
    }
    MapJob job = new MapJob(this, fn, size);
    int chunk = chunkSize > 0 ? chunkSize : Chunking.forKnownSize(size, config.workers());
    // Each chunk is copied and queued before the next is read, so workers start at once and the
    // copying overlaps with their work.
    try {
      ChunkReader chunks = ChunkReader.of(input);
      for (int from = 0; from < size; from += chunk) {
        enqueue(job.batch(from, chunks.next(Math.min(chunk, size - from))));
      }
    } catch (RuntimeException e) { // the input's own failure, or a rejection: what was queued must not run
      job.future.cancel(true);
      throw e;
    }
    return (MapFuture<R>) (MapFuture<?>) job.future;
  }

  @Override
  public <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    checkStreamCall(fn, items);
    return stream(fn, items.iterator(), sizeOf(items), true, null);
  }

  @Override
  public <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
    checkStreamCall(fn, items);
    return stream(fn, items.iterator(), -1, true, items);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    checkStreamCall(fn, items);
    return stream(fn, items.iterator(), sizeOf(items), false, null);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
    checkStreamCall(fn, items);
    return stream(fn, items.iterator(), -1, false, items);
  }

  /** Checks an {@code imap} call before its input is touched: a rejected call consumes nothing. */
  private void checkStreamCall(TaskFunction<?, ?> fn, Object items) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    checkAccepting();
  }

  @SuppressWarnings("unchecked")
  private <R> Stream<R> stream(
      TaskFunction<?, ?> fn, Iterator<?> input, long knownSize, boolean ordered, Stream<?> source) {
    StreamJob job = ordered
        ? new OrderedStreamJob(this, fn, input, knownSize)
        : new UnorderedStreamJob(this, fn, input, knownSize);
    job.start();
    int characteristics = ordered ? Spliterator.ORDERED : 0;
    Stream<R> results = (Stream<R>) StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(job, characteristics), false);
    results = results.onClose(job::close);
    return source == null ? results : results.onClose(source::close);
  }

  @Override
  public void shutdown() {
    lifecycle.lock();
    try {
      if (state != State.OPEN) {
        return;
      }
      state = State.SHUTDOWN;
    } finally {
      lifecycle.unlock();
    }
    queue.close();
    finishIfWorkersGone();
  }

  @Override
  public void terminate() {
    lifecycle.lock();
    try {
      if (state == State.TERMINATING || state == State.BROKEN) {
        return;
      }
      state = State.TERMINATING;
    } finally {
      lifecycle.unlock();
    }
    shared.close(); // a task blocked in one wakes up, and so does anyone else waiting in one
    abortAll(false);
  }

  @Override
  public void join() {
    awaitUninterruptibly(Long.MAX_VALUE, null);
  }

  @Override
  public boolean join(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    return awaitUninterruptibly(TimeUnit.NANOSECONDS.convert(timeout), null);
  }

  /**
   * Shuts the pool down and waits for it, like {@code ExecutorService.close()}: if the waiting
   * thread is interrupted, running tasks are stopped as by {@link #terminate()}, the wait goes on,
   * and the interrupt is restored at the end.
   */
  @Override
  public void close() {
    shutdown();
    awaitUninterruptibly(Long.MAX_VALUE, this::terminate);
  }

  @Override
  public <T> SharedQueue<T> newQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
    }
    checkNotEnding();
    return shared.newQueue(capacity);
  }

  @Override
  public <K, V> SharedMap<K, V> newMap() {
    checkNotEnding();
    return shared.newMap();
  }

  /** Shared objects can be made until the pool terminates: a shut-down pool still runs tasks. */
  private void checkNotEnding() {
    if (state == State.TERMINATING || workersGone()) {
      throw new IllegalStateException("Pool " + config.name() + " has ended, and so have its shared objects");
    }
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
    return state != State.OPEN;
  }

  @Override
  public boolean isTerminated() {
    Thread releasing = closer;
    return terminated && !releasing.isAlive();
  }

  @Override
  public String toString() {
    return "Pool[" + config.name() + ", " + config.backend() + ", workers=" + config.workers()
        + ", " + (terminated ? "TERMINATED" : state) + "]";
  }

  // ---- WorkSource ----

  @Override
  public Worker newWorker(String label, WorkerControl control) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(control, "control");
    WorkerSlot slot;
    boolean replacement;
    lifecycle.lock();
    try {
      if (state == State.TERMINATING || state == State.BROKEN || workersGone
          || (state == State.SHUTDOWN && queue.isDrained())) {
        return null; // a worker started now would find nothing to do
      }
      slot = new WorkerSlot(this, label, control, config.taskTimeout());
      liveWorkers++;
      replacement = startedWorkers++ >= config.workers();
      slots.add(slot);
      counters.workerStarted();
    } finally {
      lifecycle.unlock();
    }
    PoolEvents.workerStarted(config.name(), label, replacement);
    return slot;
  }

  @Override
  public void broken(BrokenPoolException cause) {
    Objects.requireNonNull(cause, "cause");
    lifecycle.lock();
    try {
      if (state == State.TERMINATING || state == State.BROKEN) {
        return;
      }
      brokenCause = cause;
      state = State.BROKEN;
    } finally {
      lifecycle.unlock();
    }
    abortAll(true);
  }

  // ---- used by jobs and workers ----

  WorkQueue queue() {
    return queue;
  }

  PoolCounters counters() {
    return counters;
  }

  /** What a batch's trip to a worker and back costs on this pool's backend. */
  long batchTripNanos() {
    WorkerGroup group = preparer;
    return group == null ? 0 : group.batchTripNanos();
  }

  String name() {
    return config.name();
  }

  /** Whether a worker lost now counts in the stats: not when the pool itself stops its workers. */
  boolean countsAsLost() {
    State current = state;
    return current == State.OPEN || current == State.SHUTDOWN;
  }

  List<WorkerSlot> slots() {
    return slots;
  }

  /** Prepares and queues batches; a batch the backend cannot prepare fails the call. */
  void enqueue(WorkBatch... batches) {
    WorkerGroup backend = preparer;
    for (WorkBatch batch : batches) {
      batch.prepared = backend.prepare(batch);
    }
    if (!queue.addAll(batches)) {
      checkAccepting();
      throw rejected();
    }
  }

  /** Ends the jobs of batches that went back to a queue that was terminated meanwhile. */
  void endNeverRun(List<WorkBatch> batches) {
    if (batches.isEmpty()) {
      return;
    }
    boolean broken = state == State.BROKEN;
    for (WorkBatch batch : batches) {
      batch.job.abort(broken);
    }
  }

  /** Tells the workers that hold batches of {@code job} which of their items are skipped, and why. */
  void skipHeld(Job job, Skip why) {
    for (WorkerSlot slot : slots) {
      slot.skipHeld(job, why);
    }
  }

  /** Stops the workers that run a batch of {@code job} right now. */
  void stopRunning(Job job) {
    for (WorkerSlot slot : slots) {
      slot.stopIfRunning(job);
    }
  }

  /** A fresh exception for each caller, so each stack trace shows its own call. */
  BrokenPoolException brokenException() {
    BrokenPoolException cause;
    lifecycle.lock();
    try {
      cause = brokenCause;
    } finally {
      lifecycle.unlock();
    }
    return new BrokenPoolException("The pool " + config.name() + " is broken: " + cause.getMessage(), cause);
  }

  void workerExited(WorkerSlot slot) {
    lifecycle.lock();
    try {
      if (!slots.remove(slot)) {
        throw new IllegalStateException(slot + " exited twice");
      }
      liveWorkers--;
    } finally {
      lifecycle.unlock();
    }
    queue.wake(); // a worker waiting to take a batch ahead may have waited for this one
    finishIfWorkersGone();
  }

  // ---- internals ----

  /** Ends every job that is queued or running: the pool is terminating or broken. */
  private void abortAll(boolean broken) {
    for (WorkBatch batch : queue.terminate()) {
      batch.job.abort(broken);
    }
    for (WorkerSlot slot : slots) {
      for (WorkBatch held : slot.heldBatches()) {
        held.job.abort(broken);
      }
      slot.stopForTermination();
    }
    finishIfWorkersGone();
  }

  /**
   * Once the pool is shut down and its last worker has exited: ends whatever work is left with no
   * worker to run it, and starts the thread that lets the backend release its workers and
   * resources, after which the pool is terminated.
   */
  private void finishIfWorkersGone() {
    lifecycle.lock();
    try {
      if (state == State.OPEN || liveWorkers > 0 || workersGone || group == null) {
        return;
      }
      workersGone = true;
    } finally {
      lifecycle.unlock();
    }
    List<WorkBatch> stranded = queue.terminate(); // empty unless a worker left without a successor
    if (!stranded.isEmpty()) {
      broken(new BrokenPoolException("Every worker of pool " + config.name()
          + " exited while work was still queued", null));
      for (WorkBatch batch : stranded) {
        batch.job.abort(true);
      }
    }
    TimeoutWatchdog watchdog = timeouts;
    if (watchdog != null) {
      watchdog.wake();
    }
    // Not on a worker's thread, which could not wait for its own end, nor on a joiner's, whose
    // wait must stay bounded.
    Thread releasing = new Thread(this::releaseWorkers, config.name() + "-closer");
    closer = releasing;
    releasing.start();
  }

  private void releaseWorkers() {
    try {
      shared.close();
      group.close();
      TimeoutWatchdog watchdog = timeouts;
      if (watchdog != null) {
        watchdog.awaitEnd();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lifecycle.lock();
      try {
        terminated = true;
        terminatedChanged.signalAll();
      } finally {
        lifecycle.unlock();
      }
    }
  }

  boolean workersGone() {
    lifecycle.lock();
    try {
      return workersGone;
    } finally {
      lifecycle.unlock();
    }
  }

  /** Runs what completes the future of a timed-out task, off the watchdog's thread. */
  void completeTimedOut(Runnable completion) {
    timeouts.complete(completion);
  }

  /** Waits until the pool is terminated, at most {@code nanos}. */
  private boolean awaitTermination(long nanos) throws InterruptedException {
    lifecycle.lock();
    try {
      if (state == State.OPEN) {
        throw new IllegalStateException(
            "join() waits for a pool that is ending: call shutdown() or terminate() first");
      }
    } finally {
      lifecycle.unlock();
    }
    return awaitTerminationInterruptibly(nanos);
  }

  /**
   * Waits up to {@code nanos} for the pool to terminate, also while it is still open, as
   * {@link ExecutorService#awaitTermination} does; an interrupt ends the wait.
   */
  boolean awaitTerminationInterruptibly(long nanos) throws InterruptedException {
    if (isTerminated()) {
      return true; // at once, also for an interrupted caller, as ThreadPoolExecutor answers (semantics 28)
    }
    lifecycle.lockInterruptibly();
    try {
      while (!terminated) {
        if (nanos <= 0) {
          return false;
        }
        nanos = terminatedChanged.awaitNanos(nanos);
      }
    } finally {
      lifecycle.unlock();
    }
    // The closer marks the pool terminated as its last act; wait for it to be gone too.
    Thread releasing = closer;
    if (releasing != Thread.currentThread()) {
      TimeUnit.NANOSECONDS.timedJoin(releasing, Math.max(nanos, 1));
    }
    return !releasing.isAlive() || releasing == Thread.currentThread();
  }

  /**
   * Waits for termination through interrupts, which are kept and restored at the end, like
   * Guava's {@code Uninterruptibles}; {@code onInterrupt}, if given, runs at each interrupt.
   */
  private boolean awaitUninterruptibly(long nanos, Runnable onInterrupt) {
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
          return awaitTermination(left);
        } catch (InterruptedException e) {
          interrupted = true;
          if (onInterrupt != null) {
            onInterrupt.run();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkAccepting() {
    State current = state;
    if (current == State.BROKEN) {
      throw brokenException();
    }
    if (current != State.OPEN) {
      throw rejected();
    }
  }

  private RejectedExecutionException rejected() {
    return new RejectedExecutionException("The pool " + config.name() + " is "
        + (state == State.SHUTDOWN ? "shut down" : "terminated") + " and accepts no new work");
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1 but was " + chunkSize);
    }
  }

  private static long sizeOf(Iterable<?> items) {
    return items instanceof Collection<?> collection ? collection.size() : -1;
  }

  /** Reads an input of unknown size on the caller's thread, so its exceptions reach the caller unwrapped. */
  private static List<Object> readAll(Iterable<?> items) {
    List<Object> list = new ArrayList<>();
    for (Object item : items) {
      list.add(item);
    }
    return list;
  }

  /** Waits for a map's results; a failure surfaces as it would from a direct call. */
  private static <R> List<R> await(CompletableFuture<List<R>> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskFailedException failed) {
        throw new TaskFailedException(failed.index(), failed.getCause()); // with the caller's stack
      }
      if (cause instanceof BrokenPoolException broken) {
        throw new BrokenPoolException(broken.getMessage(), broken.getCause());
      }
      throw new IllegalStateException("map failed unexpectedly", cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("Interrupted while waiting for map");
      cancelled.initCause(e);
      throw cancelled;
    }
  }
}
