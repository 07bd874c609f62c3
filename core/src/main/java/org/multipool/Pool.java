package org.multipool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * A pool of workers that run tasks in parallel: Python's {@code multiprocessing.Pool} and
 * {@code concurrent.futures} executors, for the JVM.
 *
 * <p>The same code runs on every backend: {@linkplain #threads platform threads} in this JVM,
 * {@linkplain PoolBuilder#virtualThreads virtual threads} (JDK 21+), or
 * {@linkplain #processes worker JVMs} that isolate each task from the application.
 *
 * <pre>{@code
 * try (Pool pool = Pool.threads(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));     // [1, 4, 9, 16]
 *   CompletableFuture<String> page = pool.submit(() -> fetch("https://example.org"));
 *   pool.imap(Image::thumbnail, files).forEach(Thumbnail::save);            // lazy, in order
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> A pool is open until {@link #shutdown()} (finish what was accepted) or
 * {@link #terminate()} (cancel and stop everything); {@link #join()} then waits until every worker
 * has exited. {@link #close()} is {@code shutdown()} followed by {@code join()}, so
 * try-with-resources leaves no worker alive. After shutdown, every call that submits work throws
 * {@link RejectedExecutionException}; a {@linkplain BrokenPoolException broken} pool throws that
 * instead.
 *
 * <p><b>Failures.</b> A task's own exception fails that task only; the pool goes on. {@code map}
 * and the {@code imap} streams report the failed item's position with {@link TaskFailedException}.
 *
 * <p>Pools are safe to use from many threads at once.
 *
 * <p>Everything a pool promises is written down point by point in {@code docs/semantics.md}, in
 * the project's repository; the methods below cite the points that govern them, and every backend
 * runs the same contract tests for them.
 *
 * @since 0.1.0
 */
public interface Pool extends AutoCloseable {

  /**
   * Creates a pool of {@code workers} platform threads in this JVM, the cheapest way to run both
   * I/O-bound and CPU-bound work (Java threads run in parallel; there is no GIL).
   *
   * @param workers the number of threads, at least 1
   * @return the pool
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if {@code multipool-thread-backend} is not on the class path
   */
  static Pool threads(int workers) {
    return builder().threads(workers).build();
  }

  /**
   * Creates a pool of {@code workers} worker JVMs. A task that exits, runs out of memory, crashes
   * native code or never returns costs one worker, not the application.
   *
   * @param workers the number of worker JVMs, at least 1
   * @return the pool
   * @throws IllegalArgumentException if {@code workers < 1}
   * @throws IllegalStateException if {@code multipool-process-backend} is not on the class path
   */
  static Pool processes(int workers) {
    return builder().processes(workers).build();
  }

  /**
   * Returns a builder for a pool with more settings: a name, a task timeout, an initializer,
   * worker recycling, virtual threads, JVM options.
   *
   * @return a new builder
   */
  static PoolBuilder builder() {
    return new PoolBuilder();
  }

  /**
   * Returns how many workers the pool keeps: threads, processes, or the most tasks running at once
   * on virtual threads.
   *
   * @return the number of workers
   */
  int workers();

  /**
   * Returns which backend runs the pool.
   *
   * @return {@code "threads"}, {@code "virtual-threads"} or {@code "processes"}
   */
  String backend();

  /**
   * Runs one task, like Python's {@code apply_async} or an executor's {@code submit}.
   *
   * <p>The future completes with the task's result, or exceptionally with its exception (the same
   * class and message, whatever the class: a task's own {@code CancellationException} does not make
   * the future cancelled), a {@link TaskTimeoutException}, or a {@link WorkerCrashedException}.
   * {@code cancel(false)} keeps a queued task from running; {@code cancel(true)} also stops a
   * running one (a thread is interrupted; a worker JVM interrupts the task, and is killed and
   * replaced only if the task does not end within a short grace). The task starts at once if a
   * worker is free, even one that must take it back from a busy worker that held it ahead.
   *
   * <p>The queue has no limit unless the pool was built with
   * {@link PoolBuilder#maxQueuedTasks(int, WhenQueueFull) maxQueuedTasks}: then a call that finds
   * that many tasks queued waits for a place, or is rejected, as the pool chose.
   *
   * <p>Semantics points 3, 6, 7, 12, 27, 28 and 31 (docs/semantics.md).
   *
   * @param task the task
   * @param <R> the type of the result
   * @return the task's future
   * @throws RejectedExecutionException if the pool is shut down (also while the call waits for a
   *     place in the queue), if the queue is full and the pool rejects, or if the thread is
   *     interrupted while it waits for a place (its interrupt status is kept)
   * @throws BrokenPoolException if the pool is broken
   * @throws SerializationException on processes, if the task cannot be serialized
   */
  <R> CompletableFuture<R> submit(Task<? extends R> task);

  /**
   * Applies {@code fn} to every item in parallel and returns the results in input order.
   *
   * <p>The items are read at once and sent to the workers in chunks of a size the pool chooses
   * (about four chunks per worker). The returned list is fixed-size, like
   * {@link java.util.Arrays#asList}. If items fail, the one with the lowest index is reported and
   * the items after it are skipped.
   *
   * <p>Semantics points 1 to 4 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items; {@code null} items are allowed
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in input order; {@code null} results are allowed
   * @throws TaskFailedException if an item failed; its cause is that item's failure
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is or becomes broken
   * @throws java.util.concurrent.CancellationException if the pool was terminated meanwhile, or
   *     the calling thread was interrupted (the interrupt is kept and the work cancelled)
   */
  <T, R> List<R> map(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

  /**
   * Like {@link #map(TaskFunction, Iterable)}, with chunks of {@code chunkSize} items: 1 sends
   * every item on its own, larger chunks cost less per item but balance less evenly.
   *
   * <p>Semantics points 1 to 4 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param chunkSize how many items go to a worker at once, at least 1
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in input order
   * @throws IllegalArgumentException if {@code chunkSize < 1}
   * @throws TaskFailedException if an item failed
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is or becomes broken
   */
  <T, R> List<R> map(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunkSize);

  /**
   * Like {@link #map(TaskFunction, Iterable)}, without waiting: Python's {@code map_async}. The
   * items are read on the calling thread before this returns; the future fails with
   * {@link TaskFailedException} if an item fails, and {@code cancel(true)} stops the whole map.
   *
   * <p>Semantics points 3 and 24 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the future list of results, in input order; it also tells how many items are done
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  <T, R> MapFuture<R> mapAsync(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

  /**
   * Applies {@code fn} to every item lazily and yields the results in input order.
   *
   * <p>The input is read only as the stream is consumed, at most a few chunks per worker ahead of
   * it, so an endless input runs in constant memory. When the consumer reaches a failed item the
   * stream throws {@link TaskFailedException}, after yielding every earlier result; an exception
   * the input itself throws arrives the same way, unwrapped. Closing the stream early (use
   * try-with-resources) cancels what is not done yet. If the pool is shut down before the input is
   * read to the end, the stream yields what was already submitted and then throws
   * {@link RejectedExecutionException}.
   *
   * <p>Semantics points 4 and 5 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in input order
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

  /**
   * Like {@link #imap(TaskFunction, Iterable)}, over a stream; closing the result also closes
   * {@code items}.
   *
   * <p>Semantics points 4 and 5 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in input order
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  <T, R> Stream<R> imap(TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items);

  /**
   * Like {@link #imap(TaskFunction, Iterable)}, but yields results as they are ready, in any
   * order: Python's {@code imap_unordered}.
   *
   * <p>Semantics points 4 and 5 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in completion order
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

  /**
   * Like {@link #imapUnordered(TaskFunction, Iterable)}, over a stream; closing the result also
   * closes {@code items}.
   *
   * <p>Semantics points 4 and 5 (docs/semantics.md).
   *
   * @param fn the function to apply
   * @param items the items
   * @param <T> the type of the items
   * @param <R> the type of the results
   * @return the results, in completion order
   * @throws RejectedExecutionException if the pool is shut down
   * @throws BrokenPoolException if the pool is broken
   */
  <T, R> Stream<R> imapUnordered(
      TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items);

  /**
   * Stops accepting work; everything accepted so far still runs, then the workers exit. Returns at
   * once; {@link #join()} waits. Python's {@code close()}. Calling it again does nothing.
   *
   * <p>Semantics point 8 (docs/semantics.md).
   */
  void shutdown();

  /**
   * Stops accepting work, cancels every queued task and stops the running ones (threads are
   * interrupted, worker JVMs are killed). Returns at once; {@link #join()} waits. Calling it again
   * does nothing.
   *
   * <p>Semantics points 6 and 8 (docs/semantics.md).
   */
  void terminate();

  /**
   * Waits until every worker has exited. The wait is not interruptible: an interrupt is kept and
   * restored when it returns.
   *
   * <p>Semantics point 8 (docs/semantics.md).
   *
   * @throws IllegalStateException if neither {@link #shutdown()} nor {@link #terminate()} was
   *     called
   */
  void join();

  /**
   * Waits at most {@code timeout} until every worker has exited.
   *
   * <p>Semantics point 8 (docs/semantics.md).
   *
   * @param timeout how long to wait, positive
   * @return true if every worker has exited, false if the time ran out
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   * @throws IllegalStateException if neither {@link #shutdown()} nor {@link #terminate()} was
   *     called
   */
  boolean join(Duration timeout);

  /**
   * Shuts the pool down and waits until every worker has exited: the end of a try-with-resources
   * block. If the waiting thread is interrupted, running tasks are stopped as by
   * {@link #terminate()} and the interrupt is restored. Calling it again does nothing.
   *
   * <p>Semantics points 8 and 11 (docs/semantics.md).
   */
  @Override
  void close();

  /**
   * Returns whether the pool accepts no more work: after {@link #shutdown()},
   * {@link #terminate()}, {@link #close()}, or once it is broken.
   *
   * @return true if the pool is shut down
   */
  boolean isShutdown();

  /**
   * Returns whether the pool is shut down and every worker has exited.
   *
   * @return true if the pool is terminated
   */
  boolean isTerminated();

  /**
   * Returns this pool as an {@link ExecutorService}, for code that takes one: tasks submitted
   * through it run on this pool's workers, by this pool's rules.
   *
   * <pre>{@code
   * ExecutorService executor = pool.asExecutorService();
   * Future<Integer> answer = executor.submit(() -> 6 * 7);
   * List<Future<String>> all = executor.invokeAll(tasks);
   * }</pre>
   *
   * <p>It is a view, not a copy: {@code shutdown} is {@link #shutdown()}, {@code shutdownNow} is
   * {@link #terminate()} and returns an empty list, {@code isShutdown} and {@code isTerminated}
   * are this pool's, and {@code awaitTermination} waits like {@link #join(Duration)} but throws
   * {@link InterruptedException} when interrupted. Cancelling a future it returns reaches the work,
   * as for {@link #submit}. On worker JVMs a {@link java.util.concurrent.Callable} or
   * {@link Runnable} must be serializable: one that is not makes the call throw
   * {@link SerializationException}. That includes the wrappers other libraries put around a task
   * before they hand it on, such as {@code CompletableFuture.supplyAsync(supplier, executor)}: use
   * those with the thread backend.
   *
   * <p>Semantics point 22 (docs/semantics.md).
   *
   * @return the view; every call returns an equivalent one
   * @since 0.1.0
   */
  ExecutorService asExecutorService();

  /**
   * Makes a bounded queue that the caller and every task of this pool share, on any worker.
   *
   * <pre>{@code
   * SharedQueue<Progress> progress = pool.newQueue(1_000);
   * pool.submit(() -> { ...; progress.put(new Progress(id, 50)); ...; return result; });
   * Progress next = progress.take();
   * }</pre>
   *
   * <p>On threads it is an in-memory queue; on worker JVMs it lives in this JVM and workers reach
   * it over their channel; on a cluster it is a Hazelcast queue made under the pool's name. It lives
   * as long as the pool; see {@link SharedQueue}.
   *
   * <p>Semantics points 18, 20 and 21 (docs/semantics.md).
   *
   * @param capacity the most items it holds, at least 1
   * @param <T> the type of the items
   * @return the queue
   * @throws IllegalArgumentException if {@code capacity < 1}
   * @throws IllegalStateException if the pool has terminated or is terminating
   * @since 0.1.0
   */
  <T> SharedQueue<T> newQueue(int capacity);

  /**
   * Makes a map that the caller and every task of this pool share, on any worker, with atomic
   * updates.
   *
   * <pre>{@code
   * SharedMap<String, Long> counts = pool.newMap();
   * pool.map(word -> counts.merge(word, 1L, Long::sum), words);
   * }</pre>
   *
   * <p>On threads it is an in-memory map; on worker JVMs it lives in this JVM; on a cluster it is a
   * Hazelcast map made under the pool's name. It lives as long as the pool; see {@link SharedMap}.
   *
   * <p>Semantics points 19, 20 and 21 (docs/semantics.md).
   *
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @return the map
   * @throws IllegalStateException if the pool has terminated or is terminating
   * @since 0.1.0
   */
  <K, V> SharedMap<K, V> newMap();

  /**
   * Returns what the pool is doing now, as one consistent snapshot: live and busy workers, queued
   * items, and how many items completed or failed and how many workers were lost since the pool
   * started.
   *
   * <pre>{@code
   * PoolStats stats = pool.stats();
   * if (stats.queuedItems() > 10_000) {
   *   throttle();   // the producer is far ahead of the workers
   * }
   * }</pre>
   *
   * <p>Cheap enough to call often: the counts are kept per batch, not per item, so a monitoring
   * thread that polls it costs the workers nothing. A pool that has terminated keeps its final
   * counts.
   *
   * <p>Semantics point 23 (docs/semantics.md).
   *
   * @return the snapshot
   * @since 0.1.0
   */
  PoolStats stats();
}
