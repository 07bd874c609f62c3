package org.multipool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import com.google.common.testing.GcFinalization;
import com.google.common.testing.NullPointerTester;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.multipool.BrokenPoolException;
import org.multipool.MapFuture;
import org.multipool.Pool;
import org.multipool.PoolBuilder;
import org.multipool.PoolStats;
import org.multipool.SerializationException;
import org.multipool.Task;
import org.multipool.TaskFailedException;
import org.multipool.TaskFunction;
import org.multipool.TaskTimeoutException;
import org.multipool.WhenQueueFull;

/**
 * The behaviour every backend owes its users, written once: points 1 to 11, 22 to 24, 27, 28 and
 * 31 of {@code docs/semantics.md}, whose numbers the sections below follow.
 *
 * <p>A backend's test module extends this class and says how to put a builder on its backend.
 * Tasks here only capture serializable values and talk to the test through files
 * ({@link Signal}), so the same tests run on threads and on worker JVMs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class PoolContractTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tempDir;

  private final List<Pool> pools = new ArrayList<>();

  /** Puts {@code builder} on the backend under test with {@code workers} workers. */
  protected abstract PoolBuilder onBackend(PoolBuilder builder, int workers);

  /** The id {@link Pool#backend()} reports for the backend under test. */
  protected abstract String backendId();

  /** About how many workers a recycling test goes through; worker JVMs cost more than threads. */
  protected int workersRecycledInTests() {
    return 200;
  }

  /** How many pools the leak test opens and closes; worker JVMs cost more to start than threads. */
  protected int poolsInLeakTest() {
    return 300;
  }

  /** A pool on the backend under test, closed after the test whatever happens. */
  protected final Pool pool(int workers) {
    return track(onBackend(Pool.builder(), workers).build());
  }

  /** A builder on the backend under test, for pools with more settings; pass them to {@link #track}. */
  protected final PoolBuilder builder(int workers) {
    return onBackend(Pool.builder(), workers);
  }

  protected final Pool track(Pool pool) {
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void terminatePools() {
    for (Pool pool : pools) {
      pool.terminate();
      assertThat(pool.join(WAIT)).as("%s ends after terminate()", pool).isTrue();
    }
  }

  /** Who runs the calling task: process and thread, unique for every worker of every backend. */
  protected static String workerId() {
    return ProcessHandle.current().pid() + "/" + Thread.currentThread().getName();
  }

  /**
   * Submits a task that runs until {@code release} is raised and then returns {@code result};
   * returns once the task is running.
   */
  private CompletableFuture<Object> submitBlocked(Pool pool, String result, Signal release)
      throws InterruptedException {
    Signal started = Signal.in(tempDir, result + "-started");
    CompletableFuture<Object> task = pool.submit(() -> {
      started.fire();
      release.block();
      return result;
    });
    started.await(WAIT);
    return task;
  }

  /** Returns once both workers of a two-worker pool have run a task: each waits for the other. */
  private void startBothWorkers(Pool pool) {
    Signal first = Signal.in(tempDir, "first-worker-up");
    Signal second = Signal.in(tempDir, "second-worker-up");
    CompletableFuture<Object> one = pool.submit(() -> {
      first.fire();
      second.block();
      return null;
    });
    CompletableFuture<Object> other = pool.submit(() -> {
      second.fire();
      first.block();
      return null;
    });
    assertThat(CompletableFuture.allOf(one, other)).succeedsWithin(WAIT);
  }

  private String dir() {
    return tempDir.toString();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  // ---- 1. map: input order, empty input, nulls ----

  @Test
  void pool_reportsItsBackendAndWorkers() {
    Pool pool = pool(3);
    assertThat(pool.backend()).isEqualTo(backendId());
    assertThat(pool.workers()).isEqualTo(3);
    assertThat(pool.isShutdown()).isFalse();
    assertThat(pool.isTerminated()).isFalse();
  }

  @Test
  void map_keepsInputOrder() {
    Pool pool = pool(3);
    // Items of uneven cost finish out of order; one item per chunk lets them overtake each other.
    List<Integer> results = pool.map(x -> {
      Thread.sleep((x * 7) % 5);
      return x * 2;
    }, range(200), 1);
    assertThat(results).isEqualTo(range(200).stream().map(x -> x * 2).collect(Collectors.toList()));
  }

  @Test
  void map_withAutomaticChunks_keepsInputOrder() {
    Pool pool = pool(2);
    List<Integer> results = pool.map(x -> x + 1, range(100_000));
    assertThat(results).hasSize(100_000);
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i)).isEqualTo(i + 1);
    }
  }

  @Test
  void map_ofEmptyInput_returnsEmptyList() {
    Pool pool = pool(2);
    assertThat(pool.map(x -> x, List.of())).isEmpty();
    assertThat(pool.map(x -> x, List.of(), 5)).isEmpty();
  }

  @Test
  void map_allowsNullItemsAndNullResults() {
    Pool pool = pool(2);
    List<String> results = pool.map(s -> s == null ? "was null" : null, Arrays.asList("a", null, "b", null));
    assertThat(results).containsExactly(null, "was null", null, "was null");
  }

  @Test
  void map_overPlainIterable_readsAllItems() {
    Pool pool = pool(2);
    Iterable<Integer> items = () -> range(50).iterator(); // not a Collection: its size is unknown
    assertThat(pool.map(x -> x * x, items)).isEqualTo(range(50).stream().map(x -> x * x).collect(Collectors.toList()));
  }

  @Test
  void mapAsync_completesWithResultsInOrder() throws Exception {
    Pool pool = pool(2);
    CompletableFuture<List<Integer>> future = pool.mapAsync(x -> x * 3, range(1_000));
    assertThat(future).succeedsWithin(WAIT)
        .isEqualTo(range(1_000).stream().map(x -> x * 3).collect(Collectors.toList()));
  }

  @Test
  void submit_returnsTheTaskResult() throws Exception {
    Pool pool = pool(2);
    assertThat(pool.submit(() -> "done")).succeedsWithin(WAIT).isEqualTo("done");
    assertThat(pool.submit(() -> null)).succeedsWithin(WAIT).isNull();
  }

  // ---- 2. argument checks, automatic chunk size ----

  @Test
  void map_rejectsChunkSizeBelowOne() {
    Pool pool = pool(1);
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be >= 1 but was 0");
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1), -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be >= 1 but was -3");
  }

  @Test
  void builder_rejectsInvalidCounts() {
    assertThatThrownBy(() -> onBackend(Pool.builder(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be >= 1 but was 0");
    assertThatThrownBy(() -> builder(1).maxTasksPerWorker(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTasksPerWorker must be >= 1 but was 0");
    assertThatThrownBy(() -> builder(1).taskTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taskTimeout must be positive but was PT0S");
    assertThatThrownBy(() -> builder(1).taskTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taskTimeout must be positive but was PT-1S");
    assertThatThrownBy(() -> builder(1).maxQueuedTasks(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueuedTasks must be >= 1 but was 0");
    assertThatThrownBy(() -> builder(1).maxQueuedTasks(-5, WhenQueueFull.REJECT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueuedTasks must be >= 1 but was -5");
  }

  @Test
  void calls_rejectNullArgumentsNamingThem() {
    Pool pool = pool(1);
    assertThatThrownBy(() -> pool.submit(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
    assertThatThrownBy(() -> pool.map(null, List.of())).isInstanceOf(NullPointerException.class).hasMessage("fn");
    assertThatThrownBy(() -> pool.map(x -> x, null)).isInstanceOf(NullPointerException.class).hasMessage("items");
    assertThatThrownBy(() -> pool.imap(x -> x, (Iterable<Object>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("items");
    assertThatThrownBy(() -> pool.imapUnordered(null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("fn");
  }

  @Test
  void everyMethodOfThePoolAndItsExecutorView_rejectsNull_andRunsNothing() throws Exception {
    Pool pool = pool(1);
    ExecutorService executor = pool.asExecutorService();
    NullPointerTester tester = new NullPointerTester()
        // ExecutorService.submit(task, result) takes a null result by its own contract.
        .ignore(executor.getClass().getMethod("submit", Runnable.class, Object.class));
    tester.testAllPublicInstanceMethods(pool);
    tester.testAllPublicInstanceMethods(executor);
    assertThat(pool.stats().queuedItems() + pool.stats().completedItems() + pool.stats().failedItems())
        .as("a rejected call queues nothing").isZero();
    assertThat(pool.isShutdown()).isFalse();
  }

  @Test
  void map_withoutChunkSize_sendsLargeInputsInChunks() {
    Pool pool = pool(2);
    List<String> ranBy = pool.map(x -> workerId(), range(20_000));
    // Items of one chunk run one after another on one worker; one item at a time would hand
    // neighbours to different workers thousands of times.
    int handOvers = 0;
    for (int i = 1; i < ranBy.size(); i++) {
      if (!ranBy.get(i).equals(ranBy.get(i - 1))) {
        handOvers++;
      }
    }
    assertThat(handOvers).isLessThan(50);
  }

  @Test
  void join_rejectsNonPositiveTimeout() {
    Pool pool = pool(1);
    pool.shutdown();
    assertThatThrownBy(() -> pool.join(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive but was PT0S");
  }

  // ---- 3. failing tasks ----

  @Test
  void submit_failingTask_failsFutureWithSameExceptionClassAndMessage() {
    Pool pool = pool(2);
    CompletableFuture<Object> future = pool.submit(() -> {
      throw new IOException("disk on fire");
    });
    assertThat(future).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(IOException.class).withMessage("disk on fire");
  }

  @Test
  void map_failingItems_throwTaskFailedExceptionForLowestIndex() {
    Pool pool = pool(3);
    Throwable thrown = catchThrowable(() -> pool.map(x -> {
      if (x == 37 || x == 75 || x == 120) {
        throw new IllegalStateException("bad item " + x);
      }
      return x;
    }, range(150), 1));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) thrown;
    assertThat(failed.index()).isEqualTo(37);
    assertThat(failed.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad item 37");
  }

  @Test
  void map_afterAFailure_skipsTheItemsAfterIt() {
    Pool pool = pool(1);
    String dir = dir();
    Throwable thrown = catchThrowable(() -> pool.map(x -> {
      if (x == 10) {
        throw new IllegalStateException("item 10");
      }
      if (x > 10) {
        Signal.tally(dir, "after-failure");
      }
      return x;
    }, range(100), 100));
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(10);
    assertThat(Signal.count(tempDir, "after-failure")).isZero();
  }

  @Test
  void mapAsync_failingItem_failsFutureWithTaskFailedException() {
    Pool pool = pool(2);
    CompletableFuture<List<Integer>> future = pool.mapAsync(x -> 10 / x, List.of(1, 2, 0, 5));
    assertThat(future).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(TaskFailedException.class, failed -> {
          assertThat(failed.index()).isEqualTo(2);
          assertThat(failed).hasCauseInstanceOf(ArithmeticException.class);
        });
  }

  @Test
  void pool_staysUsableAfterFailures() throws Exception {
    Pool pool = pool(2);
    for (int round = 0; round < 5; round++) {
      assertThatThrownBy(() -> pool.map(x -> 1 / x, List.of(1, 0)))
          .isInstanceOf(TaskFailedException.class);
      assertThatThrownBy(() -> pool.submit(() -> { throw new Error("boom"); }).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(Error.class);
    }
    assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
    assertThat(pool.submit(() -> 42)).succeedsWithin(WAIT).isEqualTo(42);
  }

  // ---- 4. the input's own exceptions ----

  @Test
  void map_inputIteratorThatThrows_reachesCallerUnwrapped() {
    Pool pool = pool(2);
    Iterable<Integer> items = () -> new FailingIterator(10, new IllegalStateException("input broke"));
    assertThatThrownBy(() -> pool.map(x -> x, items))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("input broke");
    assertThatThrownBy(() -> pool.mapAsync(x -> x, items))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("input broke");
    assertThat(pool.map(x -> x, List.of(1))).containsExactly(1);
  }

  @Test
  void map_overCollectionWhoseIteratorThrows_reachesCallerUnwrapped_andRunsNothingMore() throws Exception {
    Pool pool = pool(2);
    String dir = dir();
    Collection<Integer> items = new AbstractCollection<>() { // sized, but not a random-access list
      @Override
      public Iterator<Integer> iterator() {
        return new FailingIterator(5, new IllegalStateException("collection broke"));
      }

      @Override
      public int size() {
        return 100;
      }
    };
    assertThatThrownBy(() -> pool.map(x -> {
      Signal.tally(dir, "ran");
      Thread.sleep(5_000);
      return x;
    }, items, 1))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("collection broke");
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue(); // the two running items were stopped
    // Items already queued when the input broke were cancelled: only the two that had begun ran.
    assertThat(Signal.count(tempDir, "ran")).isLessThanOrEqualTo(2);
  }

  @Test
  void imap_inputIteratorThatThrows_yieldsEarlierResultsThenThrowsUnwrapped() {
    Pool pool = pool(2);
    Iterable<Integer> items = () -> new FailingIterator(25, new IllegalStateException("input broke"));
    List<Integer> seen = new ArrayList<>();
    Iterator<Integer> results = pool.imap(x -> x * 10, items).iterator();
    Throwable thrown = catchThrowable(() -> results.forEachRemaining(seen::add));
    assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("input broke");
    assertThat(seen).isEqualTo(range(25).stream().map(x -> x * 10).collect(Collectors.toList()));
  }

  @Test
  void imapUnordered_inputStreamThatThrows_yieldsEarlierResultsThenThrowsUnwrapped() {
    Pool pool = pool(2);
    Stream<Integer> items = Stream.iterate(0, x -> x + 1).map(x -> {
      if (x == 30) {
        throw new UnsupportedOperationException("stream broke");
      }
      return x;
    });
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    Throwable thrown = catchThrowable(() -> pool.imapUnordered(x -> x, items).forEach(seen::add));
    assertThat(thrown).isExactlyInstanceOf(UnsupportedOperationException.class).hasMessage("stream broke");
    assertThat(seen).containsExactlyInAnyOrderElementsOf(range(30));
  }

  /** The calls that read an input, each over an input whose {@code next()} throws on its 4th call. */
  enum InputCall {
    MAP_OVER_ITERABLE, MAP_OVER_STREAM, IMAP_OVER_ITERABLE, IMAP_OVER_STREAM,
    IMAP_UNORDERED_OVER_ITERABLE, IMAP_UNORDERED_OVER_STREAM;

    /** Runs the call with {@code x -> x * x} on primitive ints; returns what it yielded before it threw. */
    List<Integer> run(Pool pool, List<Integer> seen) {
      TaskFunction<Integer, Integer> square = x -> x * x; // a null item would fail here, unboxing
      switch (this) {
        case MAP_OVER_ITERABLE -> seen.addAll(pool.map(square, NextThrows::new));
        case MAP_OVER_STREAM -> seen.addAll(pool.map(square, NextThrows.stream()::iterator));
        case IMAP_OVER_ITERABLE -> pool.imap(square, NextThrows::new).forEach(seen::add);
        case IMAP_OVER_STREAM -> pool.imap(square, NextThrows.stream()).forEach(seen::add);
        case IMAP_UNORDERED_OVER_ITERABLE -> pool.imapUnordered(square, NextThrows::new).forEach(seen::add);
        case IMAP_UNORDERED_OVER_STREAM -> pool.imapUnordered(square, NextThrows.stream()).forEach(seen::add);
      }
      return seen;
    }

    boolean lazy() {
      return this != MAP_OVER_ITERABLE && this != MAP_OVER_STREAM;
    }

    boolean ordered() {
      return this == IMAP_OVER_ITERABLE || this == IMAP_OVER_STREAM;
    }
  }

  @ParameterizedTest
  @EnumSource(InputCall.class)
  void inputWhoseNextThrows_reachesCallerUnwrapped_afterEveryEarlierResult(InputCall call) {
    Pool pool = pool(2);
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    Throwable thrown = catchThrowable(() -> call.run(pool, seen));
    assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("input broke at 3");
    if (call.ordered()) { // imap yields the results of items 0 to 2 first, in order
      assertThat(seen).containsExactly(0, 1, 4);
    } else if (call.lazy()) {
      assertThat(seen).containsExactlyInAnyOrder(0, 1, 4);
    } else { // map has nothing to yield
      assertThat(seen).isEmpty();
    }
    assertThat(pool.map(x -> x + 1, List.of(1, 2))).as("the pool goes on").containsExactly(2, 3);
  }

  // ---- 5. imap: lazy, bounded, ordered; failures; closing early ----

  @Test
  void imap_yieldsResultsInInputOrder() {
    Pool pool = pool(3);
    try (Stream<Integer> results = pool.imap(x -> {
      Thread.sleep((x * 7) % 4);
      return -x;
    }, range(300))) {
      assertThat(results.collect(Collectors.toList()))
          .isEqualTo(range(300).stream().map(x -> -x).collect(Collectors.toList()));
    }
  }

  @Test
  void imap_overStream_yieldsResultsInInputOrder() {
    Pool pool = pool(2);
    try (Stream<String> results = pool.imap(x -> "#" + x, range(5_000).stream())) {
      assertThat(results.collect(Collectors.toList()))
          .isEqualTo(range(5_000).stream().map(x -> "#" + x).collect(Collectors.toList()));
    }
  }

  @Test
  void imapUnordered_yieldsEveryResultOnce() {
    Pool pool = pool(3);
    try (Stream<Integer> results = pool.imapUnordered(x -> {
      Thread.sleep((x * 7) % 4);
      return x * x;
    }, range(300))) {
      assertThat(results.collect(Collectors.toList()))
          .containsExactlyInAnyOrderElementsOf(range(300).stream().map(x -> x * x).collect(Collectors.toList()));
    }
  }

  @Test
  void imap_ofEmptyInput_yieldsNothing() {
    Pool pool = pool(2);
    assertThat(pool.imap(x -> x, List.of()).collect(Collectors.toList())).isEmpty();
    assertThat(pool.imapUnordered(x -> x, Stream.empty()).collect(Collectors.toList())).isEmpty();
  }

  @Test
  void imap_allowsNullItemsAndResults() {
    Pool pool = pool(2);
    List<String> results = pool.imap(s -> s == null ? "was null" : null, Arrays.asList("a", null, null))
        .collect(Collectors.toList());
    assertThat(results).containsExactly(null, "was null", "was null");
  }

  @Test
  void imap_overInfiniteStream_readsOnlyBoundedAhead() {
    Pool pool = pool(2);
    AtomicLong read = new AtomicLong();
    Stream<Integer> endless = Stream.iterate(0, x -> x + 1).peek(x -> read.incrementAndGet());
    try (Stream<Integer> results = pool.imap(x -> x + 1, endless)) {
      Iterator<Integer> iterator = results.iterator();
      long maxAhead = 0;
      for (int consumed = 1; consumed <= 200_000; consumed++) {
        assertThat(iterator.next()).isEqualTo(consumed);
        maxAhead = Math.max(maxAhead, read.get() - consumed);
      }
      // A few chunks per worker, however far the consumer goes; chunks never exceed 1024 items.
      assertThat(maxAhead).isLessThanOrEqualTo(2L * 2 * 1024 + 1024);
    }
  }

  @Test
  void imap_doesNotReadInputBeyondItsWindowWhileConsumerWaits() throws Exception {
    Pool pool = pool(2);
    AtomicLong read = new AtomicLong();
    try (Stream<Integer> results =
        pool.imap(x -> x, Stream.iterate(0, x -> x + 1).peek(x -> read.incrementAndGet()))) {
      Thread.sleep(200); // give a runaway reader time to show itself
      assertThat(read.get()).isLessThanOrEqualTo(2L * 2 * 1024);
      assertThat(results.limit(3).collect(Collectors.toList())).containsExactly(0, 1, 2);
    }
  }

  @Test
  void imap_failedItem_throwsTaskFailedExceptionAfterEveryEarlierResult() {
    Pool pool = pool(3);
    List<Integer> seen = new ArrayList<>();
    Iterator<Integer> results = pool.imap(x -> {
      if (x == 57) {
        throw new IllegalArgumentException("item 57");
      }
      return x;
    }, range(100)).iterator();
    Throwable thrown = catchThrowable(() -> results.forEachRemaining(seen::add));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(57);
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("item 57");
    assertThat(seen).isEqualTo(range(57));
  }

  @Test
  void imapUnordered_failedItem_throwsTaskFailedException() {
    Pool pool = pool(2);
    Throwable thrown = catchThrowable(() -> pool.imapUnordered(x -> {
      if (x == 13) {
        throw new IllegalArgumentException("item 13");
      }
      return x;
    }, range(40)).forEach(x -> { }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(13);
  }

  @Test
  void imap_closedEarly_cancelsWorkNotYetDone() throws Exception {
    Pool pool = pool(2);
    String dir = dir();
    try (Stream<Integer> results = pool.imap(x -> {
      Signal.tally(dir, "ran");
      Thread.sleep(20);
      return x;
    }, range(1_000))) {
      assertThat(results.limit(5).collect(Collectors.toList())).containsExactly(0, 1, 2, 3, 4);
    }
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    // Slow items travel one by one, so little beyond the window of a few items per worker started.
    assertThat(Signal.count(tempDir, "ran")).isBetween(5L, 5L + 2 * 2 * 2);
  }

  @Test
  void imap_iteratorPastTheEnd_throwsNoSuchElement() {
    Pool pool = pool(1);
    Iterator<Integer> results = pool.imap(x -> x, List.of(1)).iterator();
    assertThat(results.next()).isEqualTo(1);
    assertThat(results.hasNext()).isFalse();
    assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void imap_withWorkerRecycling_keepsOrderAcrossSplitBatches() {
    Pool pool = track(builder(2).maxTasksPerWorker(5).build());
    int items = 10 * workersRecycledInTests();
    try (Stream<Integer> results = pool.imap(x -> x * 2, range(items))) {
      assertThat(results.collect(Collectors.toList()))
          .isEqualTo(range(items).stream().map(x -> x * 2).collect(Collectors.toList()));
    }
  }

  @Test
  void submit_fromManyThreadsAtOnce_runsEveryTaskOnce() throws Exception {
    Pool pool = pool(3);
    int callers = 8;
    int perCaller = 500;
    List<CompletableFuture<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      submitted.add(CompletableFuture.supplyAsync(() -> IntStream.range(0, perCaller)
          .mapToObj(i -> pool.submit(() -> caller * perCaller + i))
          .collect(Collectors.toList())));
    }
    List<Integer> results = new ArrayList<>();
    for (CompletableFuture<List<CompletableFuture<Integer>>> batch : submitted) {
      for (CompletableFuture<Integer> future : batch.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        results.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    }
    assertThat(results).containsExactlyInAnyOrderElementsOf(range(callers * perCaller));
  }

  @Test
  void submit_futureSupportsDependentStages() throws Exception {
    Pool pool = pool(1);
    CompletableFuture<String> chained = pool.submit(() -> 20).thenApply(x -> "got " + (x + 1));
    assertThat(chained).succeedsWithin(WAIT).isEqualTo("got 21");
  }

  // ---- 6. cancel ----

  @Test
  void cancel_queuedTask_returnsTrueAndTaskNeverRuns() throws Exception {
    Pool pool = pool(1);
    Signal release = Signal.in(tempDir, "release");
    Signal ran = Signal.in(tempDir, "queued-ran");
    CompletableFuture<Object> blocker = submitBlocked(pool, "blocker", release);
    CompletableFuture<Object> queued = pool.submit(() -> {
      ran.fire();
      return "queued";
    });
    assertThat(queued.cancel(true)).isTrue();
    assertThat(queued.isCancelled()).isTrue();
    release.fire();
    assertThat(blocker).succeedsWithin(WAIT).isEqualTo("blocker");
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(ran.fired()).isFalse();
  }

  @Test
  void cancel_runningTask_stopsItAndPoolGoesOn() throws Exception {
    Pool pool = pool(1);
    Signal started = Signal.in(tempDir, "started");
    Signal finished = Signal.in(tempDir, "finished");
    CompletableFuture<Object> running = pool.submit(() -> {
      started.fire();
      Thread.sleep(60_000);
      finished.fire();
      return "not stopped";
    });
    started.await(WAIT);
    assertThat(running.cancel(true)).isTrue();
    assertThat(running.isCancelled()).isTrue();
    assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
    // The only worker is free again: the stopped task no longer holds it.
    assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
    assertThat(finished.fired()).isFalse();
  }

  @Test
  void cancel_ofRunningTask_doesNotInterruptTheNextTask() throws Exception {
    Pool pool = pool(1);
    for (int round = 0; round < 20; round++) {
      Signal started = Signal.in(tempDir, "started-" + round);
      CompletableFuture<Object> running = pool.submit(() -> {
        started.fire();
        Thread.sleep(60_000);
        return null;
      });
      started.await(WAIT);
      running.cancel(true);
      // A stop meant for the cancelled task must not reach the one after it.
      assertThat(pool.submit(() -> {
        Thread.sleep(5);
        return Thread.currentThread().isInterrupted();
      }).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }
  }

  @Test
  void cancel_mapAsync_stopsItsItems() throws Exception {
    Pool pool = pool(2);
    String dir = dir();
    Signal started = Signal.in(tempDir, "started");
    CompletableFuture<List<Integer>> future = pool.mapAsync(x -> {
      started.fire();
      Signal.tally(dir, "ran");
      Thread.sleep(60_000);
      return x;
    }, range(100));
    started.await(WAIT);
    assertThat(future.cancel(true)).isTrue();
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(Signal.count(tempDir, "ran")).isLessThanOrEqualTo(2);
  }

  @Test
  void taskThatInterruptsItself_doesNotReachTheNextTask() throws Exception {
    Pool pool = pool(1);
    pool.submit(() -> {
      Thread.currentThread().interrupt();
      return null;
    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void map_whenTheCallerIsInterrupted_cancelsTheWorkAndKeepsTheInterrupt() throws Exception {
    Pool pool = pool(2);
    String dir = dir();
    Signal started = Signal.in(tempDir, "started");
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      outcome.complete(catchThrowable(() -> pool.map(x -> {
        started.fire();
        Signal.tally(dir, "ran");
        Thread.sleep(60_000);
        return x;
      }, range(50), 1)));
      stillInterrupted.complete(Thread.currentThread().isInterrupted());
    }, "map-caller");
    caller.start();
    started.await(WAIT);
    caller.interrupt();
    assertThat(outcome).succeedsWithin(WAIT).isInstanceOf(CancellationException.class);
    assertThat(stillInterrupted).succeedsWithin(WAIT).isEqualTo(true);
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue(); // the running items were stopped, the rest never ran
    assertThat(Signal.count(tempDir, "ran")).isLessThanOrEqualTo(2);
  }

  // ---- 7. task timeout ----

  @Test
  void taskTimeout_failsTheTaskWithTaskTimeoutException_andTheNextTaskRuns() throws Exception {
    // A second, not less: the next task runs in a replacement worker JVM, and on a loaded machine
    // the pool's clock also counts the time the OS did not give that fresh JVM (seen: over 300 ms
    // for a task that returns a constant, at a load of 10 on 2 cores).
    Pool pool = track(builder(1).taskTimeout(Duration.ofSeconds(1)).build());
    CompletableFuture<Object> slow = pool.submit(() -> {
      Thread.sleep(60_000);
      return "too late";
    });
    assertThat(slow).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(TaskTimeoutException.class).withMessageContaining("PT1S");
    assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
  }

  @Test
  void taskTimeout_inMap_failsOnlyTheSlowItem() {
    Pool pool = track(builder(2).taskTimeout(Duration.ofSeconds(1)).build()); // a second: see above
    Throwable thrown = catchThrowable(() -> pool.map(x -> {
      if (x == 3) {
        Thread.sleep(60_000);
      }
      return x;
    }, range(8), 1));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(3);
    assertThat(thrown.getCause()).isInstanceOf(TaskTimeoutException.class);
    assertThat(pool.map(x -> x * 2, range(8))).isEqualTo(range(8).stream().map(x -> x * 2).collect(Collectors.toList()));
  }

  @Test
  void taskTimeout_countsFromTheTaskStart_notFromSubmission() {
    Pool pool = track(builder(1).taskTimeout(Duration.ofMillis(1_500)).build());
    // Each task takes a third of the timeout; all of them together take more than the timeout.
    List<Integer> results = pool.map(x -> {
      Thread.sleep(500);
      return x;
    }, range(5), 1);
    assertThat(results).isEqualTo(range(5));
  }

  // ---- 8. shutdown, terminate, join ----

  @Test
  void shutdown_letsQueuedWorkFinish() throws Exception {
    Pool pool = pool(2);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int item = i;
      futures.add(pool.submit(() -> {
        Thread.sleep(10);
        return item;
      }));
    }
    CompletableFuture<List<Integer>> mapped = pool.mapAsync(x -> x + 1, range(100));
    pool.shutdown();
    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).getNow(-1)).isEqualTo(i);
    }
    assertThat(mapped.getNow(null)).hasSize(100);
  }

  @Test
  void calls_afterShutdown_areRejected() {
    Pool pool = pool(1);
    pool.shutdown();
    assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1))).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1), 1)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> pool.mapAsync(x -> x, List.of(1))).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> pool.imap(x -> x, List.of(1))).isInstanceOf(RejectedExecutionException.class);
    Stream<Integer> untouched = Stream.of(1, 2);
    assertThatThrownBy(() -> pool.imapUnordered(x -> x, untouched)).isInstanceOf(RejectedExecutionException.class);
    assertThat(untouched.count()).as("a rejected call leaves its input stream unconsumed").isEqualTo(2);
  }

  @Test
  void calls_afterTerminateAndClose_areRejected() {
    Pool terminated = pool(1);
    terminated.terminate();
    assertThatThrownBy(() -> terminated.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    Pool closed = pool(1);
    closed.close();
    assertThatThrownBy(() -> closed.map(x -> x, List.of(1))).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void join_beforeShutdown_throwsIllegalState() {
    Pool pool = pool(1);
    assertThatThrownBy(pool::join).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shutdown() or terminate()");
    assertThatThrownBy(() -> pool.join(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void join_whileTasksRun_timesOutWithFalse() throws Exception {
    Pool pool = pool(1);
    Signal release = Signal.in(tempDir, "release");
    CompletableFuture<Object> task = submitBlocked(pool, "done", release);
    pool.shutdown();
    assertThat(pool.join(Duration.ofMillis(100))).isFalse();
    assertThat(pool.isTerminated()).isFalse();
    release.fire();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(task.getNow(null)).isEqualTo("done");
  }

  @Test
  void terminate_withTenThousandQueuedLongTasks_cancelsThemAndJoinsWithinTwoSeconds() throws Exception {
    Pool pool = pool(2);
    Signal started = Signal.in(tempDir, "started");
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      futures.add(pool.submit(() -> {
        started.fire();
        Thread.sleep(60_000);
        return null;
      }));
    }
    started.await(WAIT);
    pool.terminate();
    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.join(Duration.ofSeconds(2))).isTrue();
    assertThat(futures).allSatisfy(future -> assertThat(future.isCancelled()).isTrue());
  }

  @Test
  void terminate_endsOpenImapStreamAndMap() throws Exception {
    Pool pool = pool(2);
    Signal started = Signal.in(tempDir, "started");
    Stream<Integer> results = pool.imap(x -> {
      started.fire();
      Thread.sleep(60_000);
      return x;
    }, Stream.iterate(0, x -> x + 1));
    started.await(WAIT);
    pool.terminate();
    assertThatThrownBy(() -> results.iterator().next()).isInstanceOf(CancellationException.class);
    assertThat(pool.join(WAIT)).isTrue();
  }

  @Test
  void close_isIdempotentAndLeavesPoolTerminated() {
    Pool pool = pool(2);
    assertThat(pool.map(x -> x, range(10))).hasSize(10);
    pool.close();
    pool.close();
    pool.shutdown();
    pool.terminate();
    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void close_onAnInterruptedThread_stopsRunningTasksAndKeepsTheInterrupt() throws Exception {
    Pool pool = pool(1);
    Signal started = Signal.in(tempDir, "started");
    CompletableFuture<Object> running = pool.submit(() -> {
      started.fire();
      Thread.sleep(60_000);
      return null;
    });
    started.await(WAIT);
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      Thread.currentThread().interrupt();
      pool.close();
      stillInterrupted.complete(Thread.currentThread().isInterrupted());
    }, "closer");
    closer.start();
    assertThat(stillInterrupted).succeedsWithin(WAIT).isEqualTo(true);
    assertThat(pool.isTerminated()).isTrue();
    assertThat(running.isCancelled()).isTrue();
  }

  @Test
  void imap_whenPoolShutsDownMidStream_yieldsAcceptedWorkThenRejects() {
    Pool pool = pool(2);
    Iterator<Integer> results = pool.imap(x -> x, Stream.iterate(0, x -> x + 1)).iterator();
    assertThat(results.next()).isEqualTo(0);
    pool.shutdown();
    List<Integer> rest = new ArrayList<>();
    Throwable thrown = catchThrowable(() -> results.forEachRemaining(rest::add));
    assertThat(thrown).isInstanceOf(RejectedExecutionException.class);
    // Everything submitted before the shutdown still arrives, in order and without gaps.
    assertThat(rest).isEqualTo(IntStream.rangeClosed(1, rest.size()).boxed().collect(Collectors.toList()));
    assertThat(pool.join(WAIT)).isTrue();
  }

  // ---- 9. maxTasksPerWorker ----

  @Test
  void maxTasksPerWorker_replacesEachWorkerAfterThatManyTasks() {
    Pool pool = track(builder(2).maxTasksPerWorker(3).build());
    List<String> ranBy = pool.map(x -> workerId(), range(30));
    Map<String, Long> tasksPerWorker = ranBy.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(tasksPerWorker.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(3));
    assertThat(tasksPerWorker).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void maxTasksPerWorker_appliesToSubmittedTasksToo() throws Exception {
    Pool pool = track(builder(1).maxTasksPerWorker(2).build());
    List<String> ranBy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ranBy.add(pool.submit(PoolContractTest::workerId).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertThat(ranBy.get(0)).isEqualTo(ranBy.get(1));
    assertThat(ranBy.get(2)).isEqualTo(ranBy.get(3)).isNotEqualTo(ranBy.get(1));
    assertThat(ranBy.get(4)).isEqualTo(ranBy.get(5)).isNotEqualTo(ranBy.get(3));
  }

  // ---- 10. initializer ----

  @Test
  void initializer_runsOnceInEveryWorkerBeforeItsFirstTask_andItsTasksSeeWhatItSet() {
    String dir = dir();
    Pool pool = track(builder(3).initializer(() -> {
      WorkerState.set("initialized by " + workerId());
      Signal.tally(dir, "init");
      return null;
    }).build());
    List<String> seen = pool.map(x -> WorkerState.get() + " | ran on " + workerId(), range(300), 1);
    for (String line : seen) {
      String[] parts = line.split(" \\| ran on ");
      assertThat(parts[0]).isEqualTo("initialized by " + parts[1]);
    }
    pool.close();
    assertThat(Signal.count(tempDir, "init")).isEqualTo(3);
  }

  @Test
  void initializer_runsAgainInReplacementWorkers() {
    String dir = dir();
    Pool pool = track(builder(1).maxTasksPerWorker(2).initializer(() -> {
      Signal.tally(dir, "init");
      return null;
    }).build());
    assertThat(pool.map(x -> x, range(6), 1)).hasSize(6);
    pool.close();
    assertThat(Signal.count(tempDir, "init")).isBetween(3L, 4L); // three workers ran, a fourth may have started
  }

  @Test
  void initializer_thatThrows_breaksThePool() throws Exception {
    Pool pool = track(builder(2).initializer(() -> {
      throw new IOException("no config file");
    }).build());
    Throwable first = catchThrowable(() -> pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    // Either the call saw the broken pool, or its future did.
    Throwable broken = first instanceof ExecutionException ? first.getCause() : first;
    assertThat(broken).isInstanceOf(BrokenPoolException.class);
    assertThat(broken).hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("no config file");
    assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("no config file");
    assertThatThrownBy(() -> pool.map(x -> x, List.of(1))).isInstanceOf(BrokenPoolException.class);
    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void initializer_thatThrows_failsPendingFuturesWithBrokenPoolException() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = track(builder(1).initializer(() -> {
      release.block();
      throw new IllegalStateException("init failed");
    }).build());
    CompletableFuture<Object> pending = pool.submit(() -> "never");
    release.fire();
    assertThat(pending).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(BrokenPoolException.class).withMessageContaining("init failed");
    assertThat(pool.join(WAIT)).isTrue();
  }

  // ---- 11. nothing leaks ----

  @Test
  void openingAndClosingManyPools_leavesNoThreadsProcessesOrFilesBehind() {
    long childrenBefore = ProcessHandle.current().children().count();
    long filesBefore = openFileCount();
    String prefix = "leak-check-" + System.nanoTime();
    for (int i = 0; i < poolsInLeakTest(); i++) {
      try (Pool pool = onBackend(Pool.builder(), 2).name(prefix + "-" + i).build()) {
        assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
      }
    }
    assertThat(threadsNamed(prefix)).isEmpty();
    assertThat(ProcessHandle.current().children().count()).isLessThanOrEqualTo(childrenBefore);
    if (filesBefore >= 0) {
      assertThat(openFileCount()).isLessThan(filesBefore + 20);
    }
  }

  @Test
  void close_leavesNoWorkerThreadAlive() {
    String name = "closing-" + System.nanoTime();
    // Recycling and a timeout bring replacement workers and the pool's helper threads into play.
    Pool pool = track(onBackend(Pool.builder(), 3).name(name).maxTasksPerWorker(7)
        .taskTimeout(Duration.ofSeconds(30)).build());
    pool.map(x -> TaskThreads.record(name), range(100), 1);
    // Threads that ran tasks in this JVM, and any thread named after the pool (virtual threads
    // are not listed by the JVM, so they are known only from the tasks).
    List<Thread> before = new ArrayList<>(TaskThreads.of(name));
    assertThat(before.size() + threadsNamed(name).size()).isPositive();
    pool.close();
    assertThat(before).allSatisfy(thread -> assertThat(thread.isAlive()).as("%s is alive", thread).isFalse());
    assertThat(threadsNamed(name)).isEmpty();
  }

  @Test
  void aClosedPool_canBeCollected() {
    WeakReference<Pool> closed = closedPoolThatRanWork();
    GcFinalization.awaitClear(closed);
  }

  /** In its own method, so that no local of the test keeps the pool. */
  private WeakReference<Pool> closedPoolThatRanWork() {
    Pool pool = onBackend(Pool.builder(), 2).taskTimeout(Duration.ofSeconds(30)).build();
    try (pool) {
      assertThat(pool.map(x -> x * 2, range(100), 7)).hasSize(100);
      assertThat(pool.submit(() -> "done")).succeedsWithin(WAIT);
    }
    return new WeakReference<>(pool);
  }

  @Test
  void finishedWork_canBeCollected_whileThePoolGoesOn() {
    Pool pool = pool(2);
    List<WeakReference<Object>> finished = finishedWork(pool);
    for (WeakReference<Object> reference : finished) {
      GcFinalization.awaitClear(reference);
    }
    assertThat(pool.submit(() -> "still open")).succeedsWithin(WAIT).isEqualTo("still open");
  }

  /** Runs a task, a map and an imap to their end; returns weak references to each one's task, function and future. */
  private List<WeakReference<Object>> finishedWork(Pool pool) {
    String payload = new String("captured"); // a fresh object, so each lambda below is one too
    Task<String> task = () -> payload + "-task";
    TaskFunction<Integer, String> function = x -> payload + x;
    CompletableFuture<String> submitted = pool.submit(task);
    MapFuture<String> mapped = pool.mapAsync(function, range(50));
    assertThat(submitted).succeedsWithin(WAIT);
    assertThat(mapped).succeedsWithin(WAIT);
    try (Stream<String> streamed = pool.imap(function, range(50))) {
      assertThat(streamed.count()).isEqualTo(50);
    }
    return List.of(new WeakReference<>(task), new WeakReference<>(function),
        new WeakReference<>(submitted), new WeakReference<>(mapped));
  }

  // ---- 23. stats ----

  /** Polls the pool's stats until {@code condition} holds; fails with the last snapshot if it never does. */
  private static PoolStats awaitStats(Pool pool, Predicate<PoolStats> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    PoolStats stats = pool.stats();
    while (!condition.test(stats)) {
      assertThat(System.nanoTime() - deadline).as("%s by now; last stats %s", what, stats).isNegative();
      Thread.sleep(5);
      stats = pool.stats();
    }
    return stats;
  }

  @Test
  void stats_ofANewPool_countItsWorkers_andNothingElse() {
    Pool pool = pool(3);
    assertThat(pool.stats()).isEqualTo(new PoolStats(3, 0, 0, 0, 0, 0));
  }

  @Test
  void stats_countCompletedAndFailedItems_beforeTheirFuturesComplete() throws Exception {
    Pool pool = pool(2);
    List<CompletableFuture<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      tasks.add(pool.submit(() -> {
        if (n % 4 == 0) {
          throw new IllegalStateException("task " + n + " failed");
        }
        return n;
      }));
    }
    assertThat(CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)))
        .failsWithin(WAIT);
    PoolStats afterSubmits = pool.stats();
    assertThat(afterSubmits.completedItems()).isEqualTo(15);
    assertThat(afterSubmits.failedItems()).isEqualTo(5);

    assertThat(pool.map(x -> x, range(1_000))).hasSize(1_000);

    PoolStats afterMap = pool.stats();
    assertThat(afterMap.completedItems()).isEqualTo(1_015);
    assertThat(afterMap.failedItems()).isEqualTo(5);
    assertThat(afterMap.queuedItems()).isZero();
    assertThat(afterMap.workersLost()).isZero();
  }

  @Test
  void stats_showBusyWorkersAndQueuedItems_whileTasksBlock_andIdleWorkersAfter() throws Exception {
    Pool pool = pool(2);
    Signal release = Signal.in(tempDir, "release");
    CompletableFuture<Object> first = submitBlocked(pool, "first", release);
    CompletableFuture<Object> second = submitBlocked(pool, "second", release);
    MapFuture<Integer> waiting = pool.mapAsync(x -> x, range(20));

    PoolStats blocked = awaitStats(pool, stats -> stats.busyWorkers() == 2, "both workers busy");
    // A backend may hand a few items to a busy worker ahead of time; the rest wait in the queue.
    assertThat(blocked.queuedItems()).isBetween(1L, 20L);
    assertThat(blocked.completedItems()).isZero();
    assertThat(blocked.workers()).isEqualTo(2);

    release.fire();

    assertThat(waiting).succeedsWithin(WAIT).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(20);
    assertThat(first).succeedsWithin(WAIT);
    assertThat(second).succeedsWithin(WAIT);
    assertThat(pool.stats()).isEqualTo(new PoolStats(2, 0, 0, 22, 0, 0));
  }

  @Test
  void stats_areConsistent_whileAMapRuns_noItemCountedTwice() throws Exception {
    Pool pool = pool(2);
    int items = 200_000;
    MapFuture<Integer> running = pool.mapAsync(x -> x + 1, range(items));
    long lastCompleted = 0;
    int snapshots = 0;
    while (!running.isDone() || snapshots == 0) {
      PoolStats stats = pool.stats();
      snapshots++;
      assertThat(stats.queuedItems() + stats.completedItems() + stats.failedItems())
          .as("items queued, completed or failed in %s", stats).isBetween(0L, (long) items);
      assertThat(stats.busyWorkers()).as("busy workers in %s", stats).isBetween(0, stats.workers());
      assertThat(stats.completedItems()).as("completed never goes back").isGreaterThanOrEqualTo(lastCompleted);
      lastCompleted = stats.completedItems();
    }
    assertThat(running).succeedsWithin(WAIT);
    assertThat(pool.stats()).isEqualTo(new PoolStats(2, 0, 0, items, 0, 0));
  }

  @Test
  void stats_countATimedOutTaskAsFailed() throws Exception {
    // A second: the next task runs in a fresh worker JVM (see taskTimeout_failsTheTask…).
    Pool pool = track(builder(1).taskTimeout(Duration.ofSeconds(1)).build());
    Signal never = Signal.in(tempDir, "never");
    CompletableFuture<Object> slow = pool.submit(() -> {
      never.block();
      return "never";
    });
    assertThat(slow).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TaskTimeoutException.class);
    assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");

    PoolStats stats = awaitStats(pool, s -> s.workers() == 1, "the worker back");
    assertThat(stats.failedItems()).isEqualTo(1);
    assertThat(stats.completedItems()).isEqualTo(1);
  }

  @Test
  void stats_leaveOutItemsThatNeverRan_andKeepTheirCountsAfterTheEnd() throws Exception {
    Pool pool = pool(1);
    Signal release = Signal.in(tempDir, "release");
    CompletableFuture<Object> blocking = submitBlocked(pool, "blocking", release);
    CompletableFuture<Object> cancelled = pool.submit(() -> "cancelled");
    assertThat(cancelled.cancel(false)).isTrue();
    release.fire();
    assertThat(blocking).succeedsWithin(WAIT);

    pool.close();

    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 0, 1, 0, 0));
  }

  // ---- 24. mapAsync's progress ----

  @Test
  void mapAsync_tellsItsTotal_andCompletedGrowsToItAsItemsGetTheirOutcome() throws Exception {
    Pool pool = pool(2);
    Signal release = Signal.in(tempDir, "release");
    MapFuture<Integer> squares = pool.mapAsync(x -> {
      if (x >= 4) {
        release.block();
      }
      return x * x;
    }, range(12));
    assertThat(squares.total()).isEqualTo(12);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (squares.completed() < 4) { // items 0 to 3, in the first chunks, run freely; the rest wait
      assertThat(System.nanoTime() - deadline).as("progress by now").isNegative();
      Thread.sleep(5);
    }
    assertThat(squares.completed()).isLessThan(12);
    assertThat(squares.isDone()).isFalse();

    release.fire();

    assertThat(squares).succeedsWithin(WAIT).asInstanceOf(InstanceOfAssertFactories.LIST)
        .hasSize(12).startsWith(0, 1, 4, 9);
    assertThat(squares.completed()).isEqualTo(12);
  }

  @Test
  void mapAsync_thatFails_orHasNoItems_isCompleteToo() throws Exception {
    Pool pool = pool(2);
    MapFuture<Integer> failing = pool.mapAsync(x -> {
      if (x == 3) {
        throw new IllegalStateException("item 3 failed");
      }
      return x;
    }, range(20));
    assertThat(failing).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(TaskFailedException.class);
    assertThat(failing.completed()).as("skipped items count too").isEqualTo(failing.total()).isEqualTo(20);

    MapFuture<Integer> none = pool.mapAsync(x -> x, List.<Integer>of());
    assertThat(none.total()).isZero();
    assertThat(none.completed()).isZero();
    assertThat(none.get()).isEmpty();
  }

  // ---- 27. no task waits while a worker is free ----

  @Test
  void quickTasks_eachRunAtOnce_whileTheOtherWorkerRunsALongTask() throws Exception {
    Pool pool = pool(2);
    startBothWorkers(pool);
    Signal release = Signal.in(tempDir, "release-long");
    CompletableFuture<Object> longTask = submitBlocked(pool, "long", release);
    try {
      for (int i = 0; i < 10; i++) {
        int n = i;
        // Held ahead by the busy worker, a quick task would wait until the long one is released.
        assertThat(pool.submit(() -> n * n)).as("quick task %d", i).succeedsWithin(WAIT).isEqualTo(n * n);
      }
      assertThat(longTask).isNotDone();
    } finally {
      release.fire();
    }
    assertThat(longTask).succeedsWithin(WAIT).isEqualTo("long");
  }

  @Test
  void whatABusyWorkerHoldsAhead_runsOnTheWorkerThatGoesIdle_exactlyOnce() throws Exception {
    heldAheadWorkRunsOnTheIdleWorker(false);
  }

  @Test
  void whatABusyWorkerHoldsAhead_runsOnTheWorkerThatGoesIdle_alsoAfterShutdown() throws Exception {
    // After shutdown an idle worker leaves once nothing is queued: not while it waits for work it asked back.
    heldAheadWorkRunsOnTheIdleWorker(true);
  }

  private void heldAheadWorkRunsOnTheIdleWorker(boolean shutDownFirst) throws Exception {
    Pool pool = pool(2);
    startBothWorkers(pool);
    Signal releaseFirst = Signal.in(tempDir, "release-first");
    Signal releaseSecond = Signal.in(tempDir, "release-second");
    CompletableFuture<Object> first = submitBlocked(pool, "first", releaseFirst);
    CompletableFuture<Object> second = submitBlocked(pool, "second", releaseSecond);
    // Both workers are busy: a backend that sends work ahead gives each of them some of these.
    String dir = dir();
    List<CompletableFuture<Object>> quick = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      quick.add(pool.submit(() -> {
        Signal.tally(dir, "quick-" + n);
        return n;
      }));
    }
    if (shutDownFirst) {
      pool.shutdown();
    }
    try {
      releaseSecond.fire(); // one worker goes idle; the other stays busy until the end of the test
      assertThat(second).succeedsWithin(WAIT);
      for (int i = 0; i < quick.size(); i++) {
        assertThat(quick.get(i)).as("quick task %d", i).succeedsWithin(WAIT).isEqualTo(i);
      }
      assertThat(first).isNotDone();
    } finally {
      releaseFirst.fire();
    }
    assertThat(first).succeedsWithin(WAIT);
    for (int i = 0; i < quick.size(); i++) {
      assertThat(Signal.count(tempDir, "quick-" + i)).as("runs of quick task %d", i).isEqualTo(1);
    }
    assertThat(pool.stats().completedItems()).isEqualTo(2 + 2 + quick.size());
  }

  @Test
  void aQuickTask_submittedAfterALongOneIsCancelled_runsAtOnce() throws Exception {
    Pool pool = pool(2);
    startBothWorkers(pool);
    Signal never = Signal.in(tempDir, "never");
    Signal releaseOther = Signal.in(tempDir, "release-other");
    CompletableFuture<Object> other = submitBlocked(pool, "other", releaseOther);
    try {
      for (int round = 0; round < 3; round++) {
        CompletableFuture<Object> longTask = submitBlocked(pool, "long-" + round, never);
        assertThat(longTask.cancel(true)).isTrue();
        int n = round;
        assertThat(pool.submit(() -> n + 100)).as("round %d", round).succeedsWithin(WAIT).isEqualTo(n + 100);
      }
      assertThat(other).isNotDone();
    } finally {
      releaseOther.fire();
    }
    assertThat(other).succeedsWithin(WAIT);
  }

  // ---- 28. a task's exception is its future's cause, whatever its class ----

  @Test
  void aTaskThatThrowsCompletionException_failsItsFutureWithThatVeryCause() {
    Pool pool = pool(1);
    CompletableFuture<Object> future = pool.submit(() -> {
      throw new java.util.concurrent.CompletionException("own", new IOException("inner"));
    });
    Throwable thrown = catchThrowable(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isExactlyInstanceOf(java.util.concurrent.CompletionException.class)
        .hasMessage("own").hasCauseInstanceOf(IOException.class);
    assertThat(future.isCancelled()).isFalse();
    assertThat(future.isCompletedExceptionally()).isTrue();
    assertThat(catchThrowable(future::join)).isExactlyInstanceOf(java.util.concurrent.CompletionException.class)
        .cause().hasMessage("own");
    assertThat(future.handle((result, failure) -> failure).join()).cause().hasMessage("own");
    assertThat(pool.stats().failedItems()).isEqualTo(1);
  }

  @Test
  void aTaskThatThrowsCancellationException_failsItsFuture_whichIsNotCancelled() {
    Pool pool = pool(1);
    CompletableFuture<Object> future = pool.submit(() -> {
      throw new CancellationException("own");
    });
    Throwable thrown = catchThrowable(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isExactlyInstanceOf(CancellationException.class).hasMessage("own");
    assertThat(future.isCancelled()).as("nobody cancelled it").isFalse();
    assertThat(future.isCompletedExceptionally()).isTrue();
    assertThat(catchThrowable(future::join)).isExactlyInstanceOf(java.util.concurrent.CompletionException.class)
        .cause().isExactlyInstanceOf(CancellationException.class).hasMessage("own");
    assertThat(future.whenComplete((result, failure) -> {}).handle((result, failure) -> failure).join())
        .cause().isExactlyInstanceOf(CancellationException.class);
    assertThat(pool.stats().failedItems()).isEqualTo(1);
    assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
  }

  @Test
  void aTaskThatThrowsAnError_failsItsFutureWithThatError() {
    Pool pool = pool(1);
    CompletableFuture<Object> future = pool.submit(() -> {
      throw new AssertionError("own error");
    });
    Throwable thrown = catchThrowable(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isExactlyInstanceOf(AssertionError.class).hasMessage("own error");
    assertThat(future.handle((result, failure) -> failure).join()).isExactlyInstanceOf(AssertionError.class);
    assertThat(future.isCancelled()).isFalse();
  }

  @Test
  void awaitTermination_onATerminatedPool_returnsTrueAtOnce_evenForAnInterruptedCaller() throws Exception {
    Pool pool = pool(1);
    pool.close();
    ExecutorService executor = pool.asExecutorService();
    Thread.currentThread().interrupt();
    try {
      assertThat(executor.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  // ---- 22. the pool as an ExecutorService ----

  /** Whether the backend serializes tasks, so that a task which cannot be serialized is refused at the call. */
  protected boolean serializesTasks() {
    return false;
  }

  @Test
  void executorView_runsCallablesRunnablesAndExecute_onThePoolsWorkers() throws Exception {
    Pool pool = pool(2);
    ExecutorService executor = pool.asExecutorService();
    String caller = workerId();
    Signal executed = Signal.in(tempDir, "executed");

    Future<String> where = executor.submit((Callable<String> & Serializable) PoolContractTest::workerId);
    Future<String> withResult = executor.submit((Runnable & Serializable) () -> { }, "done");
    executor.execute((Runnable & Serializable) executed::fire);

    assertThat(where).succeedsWithin(WAIT).isNotEqualTo(caller);
    assertThat(withResult).succeedsWithin(WAIT).isEqualTo("done");
    executed.await(WAIT);
  }

  @Test
  void executorView_invokeAll_returnsEveryTaskDoneInOrder_withItsOwnFailure() throws Exception {
    ExecutorService executor = pool(2).asExecutorService();
    List<Callable<Integer>> tasks = List.of(task(() -> 1), task(() -> {
      throw new IllegalStateException("task 2 failed");
    }), task(() -> 3));

    List<Future<Integer>> futures = executor.invokeAll(tasks);

    assertThat(futures).hasSize(3).allMatch(Future::isDone);
    assertThat(futures.get(0).get()).isEqualTo(1);
    assertThatThrownBy(() -> futures.get(1).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalStateException.class).hasMessage("task 2 failed");
    assertThat(futures.get(2).get()).isEqualTo(3);
  }

  @Test
  void executorView_invokeAllWithATimeout_cancelsWhatIsNotDone() throws Exception {
    Pool pool = pool(2);
    startBothWorkers(pool); // the quick task must not wait for a worker JVM to start
    ExecutorService executor = pool.asExecutorService();
    Signal never = Signal.in(tempDir, "never");
    List<Callable<String>> tasks = List.of(task(() -> "quick"), task(() -> {
      never.block();
      return "slow";
    }));

    List<Future<String>> futures = executor.invokeAll(tasks, 500, TimeUnit.MILLISECONDS);

    assertThat(futures.get(0).get()).isEqualTo("quick");
    assertThat(futures.get(1).isCancelled()).isTrue();
  }

  @Test
  void executorView_invokeAny_returnsASuccess_evenIfOthersFail_andFailsOnlyIfAllFail() throws Exception {
    ExecutorService executor = pool(2).asExecutorService();
    Callable<String> fails = task(() -> {
      throw new IllegalStateException("no luck");
    });

    assertThat(executor.invokeAny(List.of(fails, task(() -> "lucky"), fails))).isEqualTo("lucky");
    assertThatThrownBy(() -> executor.invokeAny(List.of(fails, fails)))
        .isInstanceOf(ExecutionException.class).cause().hasMessage("no luck");
    assertThatThrownBy(() -> executor.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void executorView_shutdownAndAwaitTermination_areThePools() throws Exception {
    Pool pool = pool(2);
    ExecutorService executor = pool.asExecutorService();
    assertThat(executor.awaitTermination(50, TimeUnit.MILLISECONDS)).as("an open pool does not end").isFalse();
    Future<Integer> queued = executor.submit(task(() -> 7));

    executor.shutdown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(executor.isShutdown()).isTrue();
    assertThatThrownBy(() -> executor.submit(task(() -> 8))).isInstanceOf(RejectedExecutionException.class);
    assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(queued.get()).as("accepted before the shutdown").isEqualTo(7);
  }

  @Test
  void executorView_shutdownNow_terminatesThePool_andReturnsNoTasks() throws Exception {
    Pool pool = pool(1);
    ExecutorService executor = pool.asExecutorService();
    Signal started = Signal.in(tempDir, "started");
    Signal never = Signal.in(tempDir, "never");
    Future<String> running = executor.submit(task(() -> {
      started.fire();
      never.block();
      return "finished";
    }));
    started.await(WAIT);

    assertThat(executor.shutdownNow()).isEmpty();

    assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(running.isDone()).isTrue();
    assertThat(catchThrowable(running::get)).isNotNull();
  }

  @Test
  void executorView_awaitTermination_endsWithAnInterrupt() {
    ExecutorService executor = pool(1).asExecutorService();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void executorView_aCallableThatIsNotSerializable_isRefusedAtTheCall_whereTasksAreSerialized() throws Exception {
    ExecutorService executor = pool(1).asExecutorService();
    Callable<Integer> plain = new NotSerializableCallable();
    if (serializesTasks()) {
      assertThatThrownBy(() -> executor.submit(plain)).isInstanceOf(SerializationException.class)
          .hasMessageContaining(NotSerializableCallable.class.getName());
      assertThatThrownBy(() -> executor.invokeAll(List.of(task(() -> 1), plain)))
          .isInstanceOf(SerializationException.class);
    } else {
      assertThat(executor.submit(plain)).succeedsWithin(WAIT).isEqualTo(42);
      assertThat(CompletableFuture.supplyAsync(() -> 6 * 7, executor).get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("supplyAsync wraps the supplier in a task of its own, which is not serializable")
          .isEqualTo(42);
    }
  }

  /** A serializable callable: a lambda passed where a plain {@code Callable} is expected is not one. */
  private static <T> Callable<T> task(SerializableCallable<T> callable) {
    return callable;
  }

  private interface SerializableCallable<T> extends Callable<T>, Serializable {}

  private static final class NotSerializableCallable implements Callable<Integer> {
    @Override
    public Integer call() {
      return 42;
    }
  }

  // ---- 31. a limit on queued tasks ----

  private static final int QUEUE_LIMIT = 2;
  /** More tasks than the limit plus what a busy worker may hold ahead on any backend. */
  private static final int MANY = 40;

  /** A one-worker pool with {@link #QUEUE_LIMIT}, whose worker runs a task until {@code release}. */
  private Pool busyPoolWithQueueLimit(WhenQueueFull whenFull, Signal release) throws InterruptedException {
    Pool pool = track(builder(1).maxQueuedTasks(QUEUE_LIMIT, whenFull).build());
    submitBlocked(pool, "blocker", release);
    return pool;
  }

  /**
   * A thread that submits tasks returning 0, 1, 2 ... (each leaves a tally named {@code ran} as it
   * runs), and keeps their futures; {@link #ended} completes with null once it has submitted
   * {@code count}, or with what its last submit threw.
   */
  private static final class Submitter {
    final List<CompletableFuture<Object>> futures = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    final CompletableFuture<Boolean> interruptedAtTheEnd = new CompletableFuture<>();
    final Thread thread;

    Submitter(Pool pool, String dir, int count, boolean viaExecutorView) {
      thread = new Thread(() -> {
        try {
          for (int i = 0; i < count; i++) {
            int value = i;
            Task<Object> work = () -> {
              Signal.tally(dir, "ran");
              return value;
            };
            futures.add(viaExecutorView
                ? (CompletableFuture<Object>) pool.asExecutorService().submit(task(work::call)) : pool.submit(work));
          }
          ended.complete(null);
        } catch (Throwable e) {
          ended.complete(e);
        }
        interruptedAtTheEnd.complete(Thread.currentThread().isInterrupted());
      }, "submitter");
      thread.start();
    }

    int submitted() {
      return futures.size();
    }

    /**
     * Returns once the submitter waits for room: the pool's queue holds {@link #QUEUE_LIMIT}
     * tasks, and never more meanwhile.
     */
    void awaitWaitingForRoom(Pool pool) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        long queued = pool.stats().queuedItems();
        assertThat(queued).as("tasks queued while the limit is %d", QUEUE_LIMIT).isLessThanOrEqualTo(QUEUE_LIMIT);
        assertThat(ended).as("the submitter ended early").isNotDone();
        if (queued == QUEUE_LIMIT && thread.getState() == Thread.State.WAITING) {
          return;
        }
        assertThat(System.nanoTime() - deadline).as("the submitter waits for room by now").isNegative();
        Thread.sleep(2);
      }
    }
  }

  @Test
  void maxQueuedTasks_aSubmitBeyondTheLimit_waitsUntilAWorkerTakesATask() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, false);
    submitter.awaitWaitingForRoom(pool);
    assertThat(submitter.submitted()).isLessThan(MANY);
    release.fire(); // the worker takes the queued tasks, and each one it takes lets one more in
    assertThat(submitter.ended).succeedsWithin(WAIT).isNull();
    for (int i = 0; i < MANY; i++) {
      assertThat(submitter.futures.get(i)).succeedsWithin(WAIT).isEqualTo(i);
    }
  }

  @Test
  void maxQueuedTasks_throughTheExecutorView_waitsToo() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, true);
    submitter.awaitWaitingForRoom(pool);
    release.fire();
    assertThat(submitter.ended).succeedsWithin(WAIT).isNull();
    assertThat(CompletableFuture.allOf(submitter.futures.toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
  }

  @Test
  void maxQueuedTasks_withReject_aSubmitBeyondTheLimitThrowsAtOnce_andItsTaskNeverRuns() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.REJECT, release);
    String dir = dir();
    List<Future<?>> accepted = new ArrayList<>();
    Throwable rejected = null;
    for (int i = 0; i < MANY && rejected == null; i++) {
      int value = i;
      rejected = catchThrowable(() -> accepted.add(pool.submit(() -> {
        Signal.tally(dir, "ran");
        return value;
      })));
    }
    assertThat(rejected).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("already has " + QUEUE_LIMIT + " tasks queued, its maxQueuedTasks");
    ExecutorService executor = pool.asExecutorService();
    Throwable rejectedByTheView = null;
    for (int i = 0; i < MANY && rejectedByTheView == null; i++) {
      rejectedByTheView = catchThrowable(() -> accepted.add(executor.submit(task(() -> {
        Signal.tally(dir, "ran");
        return -1;
      }))));
    }
    assertThat(rejectedByTheView).isInstanceOf(RejectedExecutionException.class);
    MapFuture<Integer> mapped = pool.mapAsync(x -> x, range(10)); // a map is one call: it does not count
    release.fire();
    for (Future<?> future : accepted) {
      assertThat(future).succeedsWithin(WAIT);
    }
    assertThat(mapped).succeedsWithin(WAIT).isEqualTo(range(10));
    assertThat(pool.submit(() -> "room again")).succeedsWithin(WAIT).isEqualTo("room again");
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(Signal.count(tempDir, "ran")).as("the rejected tasks never ran").isEqualTo(accepted.size());
  }

  @Test
  void maxQueuedTasks_cancellingAQueuedTask_freesItsPlaceAtOnce() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, false);
    submitter.awaitWaitingForRoom(pool);
    int before = submitter.submitted();
    CompletableFuture<Object> newest = submitter.futures.get(before - 1); // queued: workers take the oldest first
    assertThat(newest.cancel(false)).isTrue();
    // It submits one more in the place the cancelled task left, and waits again. (A worker that
    // takes tasks ahead may make room for one more of its own accord, so not exactly one.)
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (submitter.submitted() <= before || submitter.thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime() - deadline).as("one more task submitted by now").isNegative();
      Thread.sleep(2);
    }
    release.fire();
    assertThat(submitter.ended).succeedsWithin(WAIT).isNull();
    assertThat(CompletableFuture.allOf(submitter.futures.stream().filter(future -> future != newest)
        .toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    assertThat(Signal.count(tempDir, "ran")).as("every task but the cancelled one ran").isEqualTo(MANY - 1);
  }

  @Test
  void maxQueuedTasks_aWaitingSubmit_isRejectedWhenThePoolShutsDown_andTheQueuedTasksStillRun() throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, false);
    submitter.awaitWaitingForRoom(pool);
    pool.shutdown();
    assertThat(submitter.ended).succeedsWithin(WAIT).isInstanceOf(RejectedExecutionException.class)
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING).contains("shut down");
    release.fire();
    assertThat(CompletableFuture.allOf(submitter.futures.toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
    assertThat(pool.join(WAIT)).isTrue();
  }

  @Test
  void maxQueuedTasks_aWaitingSubmit_isRejectedWhenThePoolTerminates_andTheQueuedTasksAreCancelled()
      throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, false);
    submitter.awaitWaitingForRoom(pool);
    pool.terminate();
    assertThat(submitter.ended).succeedsWithin(WAIT).isInstanceOf(RejectedExecutionException.class)
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING).contains("terminated");
    assertThat(pool.join(WAIT)).isTrue();
    List<CompletableFuture<Object>> queued = submitter.futures.subList(submitter.submitted() - QUEUE_LIMIT,
        submitter.submitted());
    assertThat(queued).allSatisfy(future -> assertThat(future).isCancelled());
  }

  @Test
  void maxQueuedTasks_anInterruptedWaitingSubmit_throwsRejectedExecutionException_andKeepsTheInterrupt()
      throws Exception {
    Signal release = Signal.in(tempDir, "release");
    Pool pool = busyPoolWithQueueLimit(WhenQueueFull.WAIT, release);
    Submitter submitter = new Submitter(pool, dir(), MANY, false);
    submitter.awaitWaitingForRoom(pool);
    submitter.thread.interrupt();
    assertThat(submitter.ended).succeedsWithin(WAIT).isInstanceOf(RejectedExecutionException.class)
        .extracting(Throwable::getCause).isInstanceOf(InterruptedException.class);
    assertThat(submitter.interruptedAtTheEnd).succeedsWithin(WAIT).isEqualTo(true);
    assertThat(pool.stats().queuedItems()).isLessThanOrEqualTo(QUEUE_LIMIT);
    release.fire(); // the pool goes on
    assertThat(CompletableFuture.allOf(submitter.futures.toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
    assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
    pool.shutdown();
    assertThat(pool.join(WAIT)).isTrue();
    // A worker that takes tasks ahead may make room just before the interrupt, so the count of
    // calls that went through is not fixed; the interrupted call's task is never among what ran.
    assertThat(Signal.count(tempDir, "ran")).as("the interrupted call's task never ran")
        .isEqualTo(submitter.submitted());
  }

  @Test
  void maxQueuedTasks_placesComeBack_fromTasksThatFailOrTimeOut() throws Exception {
    Pool pool = track(builder(1).maxQueuedTasks(1).taskTimeout(Duration.ofMillis(500)).build());
    // Each submit waits until the worker has taken the task before: with failures and a timeout
    // among them, the calls go through only if those give their places back.
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      futures.add(pool.submit(() -> {
        throw new IllegalStateException("fails");
      }));
    }
    futures.add(pool.submit(() -> {
      Thread.sleep(60_000);
      return "not timed out";
    }));
    for (int i = 0; i < 4; i++) {
      int value = i;
      futures.add(pool.submit(() -> value));
    }
    assertThat(futures.get(0)).failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOf(IllegalStateException.class);
    assertThat(futures.get(4)).failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOf(TaskTimeoutException.class);
    assertThat(futures.get(8)).succeedsWithin(WAIT).isEqualTo(3);
  }

  @Test
  void cancelledQueuedTasks_doNotPileUpInTheQueue_whileEveryWorkerIsBusy() throws Exception {
    Pool pool = pool(1);
    Signal release = Signal.in(tempDir, "release");
    submitBlocked(pool, "blocker", release);
    for (int i = 0; i < 1_000; i++) {
      pool.submit(() -> "cancelled").cancel(false);
    }
    // Swept out in passes: at most as many as are queued besides, or 64.
    assertThat(pool.stats().queuedItems()).isLessThanOrEqualTo(64);
    release.fire();
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toList());
  }

  /** Open file descriptors of this JVM, or -1 where the OS does not tell. */
  private static long openFileCount() {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(fds)) {
      return entries.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An iterator over 0, 1, 2 whose {@code hasNext()} is always true and whose 4th {@code next()} throws. */
  private static final class NextThrows implements Iterator<Integer> {
    private int calls;

    static Stream<Integer> stream() {
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new NextThrows(), Spliterator.ORDERED), false);
    }

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public Integer next() {
      int item = calls++;
      if (item == 3) {
        throw new IllegalStateException("input broke at 3");
      }
      return item;
    }
  }

  /** An iterator over 0, 1, ... that throws {@code failure} after {@code count} items. */
  private static final class FailingIterator implements Iterator<Integer> {
    private final int count;
    private final RuntimeException failure;
    private int next;

    FailingIterator(int count, RuntimeException failure) {
      this.count = count;
      this.failure = failure;
    }

    @Override
    public boolean hasNext() {
      if (next == count) {
        throw failure;
      }
      return true;
    }

    @Override
    public Integer next() {
      hasNext();
      return next++;
    }
  }
}
