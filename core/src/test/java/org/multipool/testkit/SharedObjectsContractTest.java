package org.multipool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import com.google.common.testing.GcFinalization;
import com.google.common.testing.NullPointerTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;
import org.multipool.PoolBuilder;
import org.multipool.SerializationException;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.Task;
import org.multipool.TaskTimeoutException;
import org.multipool.WorkerCrashedException;

/**
 * What shared queues and maps owe their users on every backend, written once: points 18 to 21 of
 * {@code docs/semantics.md}.
 *
 * <p>A backend's test module extends this class and says how to put a builder on its backend.
 * Tasks talk to the test only through the shared objects under test, so every test also shows
 * that a handle captured by a task reaches the caller's object from whatever worker runs it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class SharedObjectsContractTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Pool> pools = new ArrayList<>();

  /** Puts {@code builder} on the backend under test with {@code workers} workers. */
  protected abstract PoolBuilder onBackend(PoolBuilder builder, int workers);

  /** Whether items, keys and values cross to another JVM, and so must be serializable. */
  protected abstract boolean crossesJvms();

  /** Whether a worker is a process the test may kill, for the tests of a worker's death. */
  protected boolean workersAreProcesses() {
    return false;
  }

  protected final Pool pool(int workers) {
    return track(onBackend(Pool.builder(), workers).build());
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

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Waits until {@code key} has a value in {@code map}, and returns it. */
  private static <V> V awaitValue(SharedMap<String, V> map, String key) throws InterruptedException {
    return awaitValue(map, key, value -> true);
  }

  /** Waits until {@code key} has a value in {@code map} that is {@code wanted}, and returns it. */
  private static <V> V awaitValue(SharedMap<String, V> map, String key, Predicate<V> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    V value;
    while ((value = map.get(key)) == null || !wanted.test(value)) {
      assertThat(System.nanoTime() - deadline).as("%s is set in time", key).isNegative();
      Thread.sleep(1);
    }
    return value;
  }

  // ---- 18: queues ----

  @Test
  void newQueue_takesItsCapacity_andRejectsOneBelowOne() {
    Pool pool = pool(1);
    assertThat(pool.<String>newQueue(3).capacity()).isEqualTo(3);
    for (int capacity : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> pool.newQueue(capacity)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("capacity must be at least 1 but was " + capacity);
    }
  }

  @Test
  void queue_deliversWhatATaskPuts_inTheOrderItPutIt() throws Exception {
    Pool pool = pool(1);
    SharedQueue<Integer> queue = pool.newQueue(50);
    CompletableFuture<Object> producer = pool.submit(() -> {
      for (int i = 0; i < 1_000; i++) {
        queue.put(i);
      }
      return null;
    });
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      taken.add(queue.take());
    }
    assertThat(taken).isEqualTo(range(1_000));
    assertThat(producer).succeedsWithin(WAIT);
    assertThat(queue.poll()).isNull();
  }

  @Test
  void queue_deliversWhatTheCallerPuts_toATask_inOrder() {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(5);
    CompletableFuture<List<String>> consumer = pool.submit(() -> {
      List<String> got = new ArrayList<>();
      for (String item = queue.take(); !item.equals("end"); item = queue.take()) {
        got.add(item);
      }
      return got;
    });
    List<String> sent = IntStream.range(0, 200).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    for (String item : sent) {
      assertThat(putWithin(queue, item)).isTrue();
    }
    assertThat(putWithin(queue, "end")).isTrue();
    assertThat(consumer).succeedsWithin(WAIT).isEqualTo(sent);
  }

  private static <T> boolean putWithin(SharedQueue<T> queue, T item) {
    try {
      return queue.offer(item, WAIT);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void put_blocksWhileTheQueueIsFull_untilTheCallerTakes() throws Exception {
    Pool pool = pool(1);
    SharedQueue<Integer> queue = pool.newQueue(2);
    SharedMap<String, Integer> progress = pool.newMap();
    CompletableFuture<Object> producer = pool.submit(() -> {
      for (int i = 0; i < 5; i++) {
        queue.put(i);
        progress.put("put", i);
      }
      return null;
    });
    assertThat(awaitValue(progress, "put", put -> put >= 1)).isEqualTo(1);
    // The third put cannot finish while the queue holds two items, whatever the timing.
    assertThat(queue.size()).isEqualTo(2);
    assertThat(producer).isNotDone();
    assertThat(progress.get("put")).isEqualTo(1);

    assertThat(queue.take()).isZero();
    assertThat(awaitValue(progress, "put", put -> put >= 2)).isEqualTo(2);
    assertThat(producer).isNotDone();
    for (int i = 1; i < 5; i++) {
      assertThat(queue.take()).isEqualTo(i);
    }
    assertThat(producer).succeedsWithin(WAIT);
  }

  /** Submits a task that takes one item from {@code queue}; returns once it is about to take. */
  private static CompletableFuture<String> takingTask(Pool pool, SharedQueue<String> queue)
      throws InterruptedException {
    SharedMap<String, Boolean> flags = pool.newMap();
    CompletableFuture<String> task = pool.submit(() -> {
      flags.put("taking", true);
      return queue.take();
    });
    awaitValue(flags, "taking");
    return task;
  }

  @Test
  void take_blocksWhileTheQueueIsEmpty_untilTheCallerPuts() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    CompletableFuture<String> consumer = takingTask(pool, queue);
    assertThat(consumer).isNotDone(); // it cannot finish before an item exists
    queue.put("hello");
    assertThat(consumer).succeedsWithin(WAIT).isEqualTo("hello");
  }

  @Test
  void offerAndPoll_giveUpWhenTheTimeRunsOut_inATaskAndInTheCaller() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    CompletableFuture<List<Object>> inTask = pool.submit(() -> {
      List<Object> seen = new ArrayList<>();
      seen.add(queue.poll());
      long start = System.nanoTime();
      seen.add(queue.poll(Duration.ofMillis(100)));
      seen.add(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
      seen.add(queue.offer("a"));
      seen.add(queue.offer("b"));
      start = System.nanoTime();
      seen.add(queue.offer("c", Duration.ofMillis(100)));
      seen.add(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
      seen.add(queue.offer("d", Duration.ofMillis(-5)));
      seen.add(queue.size());
      return seen;
    });
    assertThat(inTask).succeedsWithin(WAIT).isEqualTo(listOf(null, null, true, true, false, false, true, false, 1));

    long start = System.nanoTime();
    assertThat(queue.offer("e", Duration.ofMillis(100))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(queue.poll(Duration.ofMillis(100))).isEqualTo("a");
    start = System.nanoTime();
    assertThat(queue.poll(Duration.ofMillis(100))).isNull();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(queue.poll(Duration.ZERO)).isNull();
  }

  @Test
  void manyProducersAndConsumersOnDifferentWorkers_deliverEveryItemExactlyOnce() throws Exception {
    int producers = 2;
    int consumers = 2;
    int perProducer = 3_000;
    Pool pool = pool(producers + consumers);
    SharedQueue<Integer> queue = pool.newQueue(64);
    Task<List<Integer>> consumer = () -> {
      List<Integer> got = new ArrayList<>();
      for (int item = queue.take(); item >= 0; item = queue.take()) {
        got.add(item);
      }
      return got;
    };
    List<CompletableFuture<List<Integer>>> taken = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      taken.add(pool.submit(consumer));
    }
    // The caller's JVM consumes too, on a thread of its own, so items also cross from every
    // worker to the caller; how many each consumer gets is up to the race between them.
    CompletableFuture<List<Integer>> takenHere = new CompletableFuture<>();
    Thread callerConsumer = new Thread(() -> {
      try {
        takenHere.complete(consumer.call());
      } catch (Exception e) {
        takenHere.completeExceptionally(e);
      }
    }, "caller-consumer");
    callerConsumer.start();
    List<CompletableFuture<Object>> put = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int first = p * perProducer;
      put.add(pool.submit(() -> {
        for (int i = first; i < first + perProducer; i++) {
          queue.put(i);
        }
        return null;
      }));
    }
    for (CompletableFuture<Object> producer : put) {
      assertThat(producer).succeedsWithin(WAIT);
    }
    for (int c = 0; c <= consumers; c++) {
      queue.put(-1); // one end for each consumer, the caller's included
    }
    List<Integer> all = new ArrayList<>(takenHere.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    for (CompletableFuture<List<Integer>> each : taken) {
      all.addAll(each.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertThat(all).hasSize(producers * perProducer);
    assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(range(producers * perProducer)));
    assertThat(queue.size()).isZero();
  }

  // ---- 19: maps ----

  @Test
  void map_behavesAsAMap_inATaskAndInTheCaller() {
    Pool pool = pool(1);
    SharedMap<String, Integer> map = pool.newMap();
    map.put("one", 1);
    CompletableFuture<List<Object>> inTask = pool.submit(() -> {
      List<Object> seen = new ArrayList<>();
      seen.add(map.get("one"));
      seen.add(map.put("one", 11));
      seen.add(map.putIfAbsent("one", 111));
      seen.add(map.putIfAbsent("two", 2));
      seen.add(map.replace("two", 3, 33));
      seen.add(map.replace("two", 2, 22));
      seen.add(map.merge("two", 100, Integer::sum));
      seen.add(map.merge("three", 3, Integer::sum));
      seen.add(map.merge("three", 0, (old, given) -> null));
      seen.add(map.remove("one"));
      seen.add(map.remove("absent"));
      seen.add(map.get("absent"));
      seen.add(map.size());
      return seen;
    });
    assertThat(inTask).succeedsWithin(WAIT).isEqualTo(
        listOf(1, 1, 11, null, false, true, 122, 3, null, 11, null, null, 1));
    assertThat(map.snapshot()).isEqualTo(Map.of("two", 122));
    Map<String, Integer> copy = map.snapshot();
    copy.put("four", 4);
    assertThat(map.size()).as("a snapshot is a copy").isEqualTo(1);
    assertThat(map.merge("two", 8, Integer::sum)).isEqualTo(130);
    assertThat(map.get("two")).isEqualTo(130);
  }

  private static List<Object> listOf(Object... values) {
    List<Object> list = new ArrayList<>();
    for (Object value : values) {
      list.add(value);
    }
    return list;
  }

  @Test
  void merge_fromManyWorkersAtOnce_losesNoUpdate() {
    int workers = 4;
    int perTask = 500;
    Pool pool = pool(workers);
    SharedMap<String, Long> counts = pool.newMap();
    List<CompletableFuture<Object>> tasks = new ArrayList<>();
    for (int t = 0; t < 2 * workers; t++) {
      tasks.add(pool.submit(() -> {
        for (int i = 0; i < perTask; i++) {
          counts.merge("total", 1L, Long::sum);
          counts.merge("key-" + (i % 7), 1L, Long::sum);
        }
        return null;
      }));
    }
    for (int i = 0; i < perTask; i++) {
      counts.merge("total", 1L, Long::sum);
    }
    tasks.forEach(task -> assertThat(task).succeedsWithin(WAIT));
    Map<String, Long> result = counts.snapshot();
    assertThat(result.get("total")).isEqualTo((2L * workers + 1) * perTask);
    long keyed = result.entrySet().stream().filter(entry -> entry.getKey().startsWith("key-"))
        .mapToLong(Map.Entry::getValue).sum();
    assertThat(keyed).isEqualTo(2L * workers * perTask);
  }

  @Test
  void putIfAbsent_fromManyWorkersAtOnce_letsExactlyOneWin() {
    Pool pool = pool(4);
    SharedMap<String, String> owners = pool.newMap();
    List<CompletableFuture<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String name = "task-" + t;
      tasks.add(pool.submit(() -> owners.putIfAbsent("owner", name) == null));
    }
    long winners = tasks.stream().filter(task -> task.join()).count();
    assertThat(winners).isEqualTo(1);
    assertThat(owners.get("owner")).startsWith("task-");
  }

  // ---- 18 and 19: nulls ----

  @Test
  void nulls_areRejectedWithNullPointerException_inTheCallerAndInATask() {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(2);
    SharedMap<String, String> map = pool.newMap();
    assertThat(nullCalls(queue, map)).allSatisfy((call, failure) ->
        assertThat(failure).as(call).isEqualTo(NullPointerException.class.getName()));
    CompletableFuture<Map<String, String>> inTask = pool.submit(() -> nullCalls(queue, map));
    assertThat(inTask).succeedsWithin(WAIT).satisfies(failures -> assertThat(failures).hasSize(12)
        .allSatisfy((call, failure) -> assertThat(failure).as(call).isEqualTo(NullPointerException.class.getName())));
    assertThat(queue.size()).isZero();
    assertThat(map.size()).isZero();
  }

  @Test
  void everyCallOfAQueueAndAMap_rejectsEveryNullArgument() {
    Pool pool = pool(1);
    NullPointerTester tester = new NullPointerTester()
        .setDefault(Duration.class, Duration.ZERO)
        .setDefault(SharedMap.Merge.class, (SharedMap.Merge<Object>) (old, given) -> given);
    tester.testAllPublicInstanceMethods(pool.newQueue(2));
    tester.testAllPublicInstanceMethods(pool.newMap());
  }

  /** What each call with a null throws, by the call. */
  private static Map<String, String> nullCalls(SharedQueue<String> queue, SharedMap<String, String> map) {
    Map<String, Runnable> calls = new HashMap<>();
    calls.put("put", () -> uncheck(() -> queue.put(null)));
    calls.put("offer", () -> queue.offer(null));
    calls.put("offer with timeout", () -> uncheck(() -> queue.offer(null, Duration.ofMillis(1))));
    calls.put("offer with null timeout", () -> uncheck(() -> queue.offer("x", null)));
    calls.put("poll with null timeout", () -> uncheck(() -> queue.poll(null)));
    calls.put("get", () -> map.get(null));
    calls.put("put key", () -> map.put(null, "v"));
    calls.put("put value", () -> map.put("k", null));
    calls.put("putIfAbsent", () -> map.putIfAbsent("k", null));
    calls.put("remove", () -> map.remove(null));
    calls.put("replace", () -> map.replace("k", null, "v"));
    calls.put("merge", () -> map.merge("k", "v", null));
    Map<String, String> failures = new HashMap<>();
    calls.forEach((name, call) -> {
      Throwable failure = catchThrowable(call::run);
      failures.put(name, failure == null ? "nothing" : failure.getClass().getName());
    });
    return failures;
  }

  private interface Blocking {
    void run() throws InterruptedException;
  }

  private static void uncheck(Blocking call) {
    try {
      call.run();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  // ---- 20: what cannot cross ----

  /**
   * Serializable by no means: not by Java serialization, and not by a cluster's reflective
   * serialization of plain classes either, which cannot write a field of type {@code Object}.
   */
  private static final class Opaque {
    @SuppressWarnings("unused") // it is there to be unwritable
    private final Object state = new Object();

    @Override
    public boolean equals(Object other) {
      return other instanceof Opaque;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void unserializableItems_failTheCallThatPassedThem_andChangeNothing() {
    Pool pool = pool(1);
    SharedQueue<Object> queue = pool.newQueue(2);
    SharedMap<Object, Object> map = pool.newMap();
    CompletableFuture<List<String>> inTask = pool.submit(() -> {
      List<String> failures = new ArrayList<>();
      failures.add(failureOf(() -> queue.put(new Opaque())));
      failures.add(failureOf(() -> queue.offer(new Opaque())));
      failures.add(failureOf(() -> map.put("k", new Opaque())));
      failures.add(failureOf(() -> map.put(new Opaque(), "v")));
      failures.add(failureOf(() -> map.merge("k", new Opaque(), (a, b) -> b)));
      return failures;
    });
    if (!crossesJvms()) {
      assertThat(inTask).succeedsWithin(WAIT).isEqualTo(List.of("none", "none", "none", "none", "none"));
      return;
    }
    assertThat(inTask).succeedsWithin(WAIT).satisfies(failures -> assertThat(failures)
        .hasSize(5).allSatisfy(failure -> assertThat(failure).startsWith(SerializationException.class.getName())
            .contains(Opaque.class.getName())));
    assertThat(queue.size()).isZero();
    assertThat(map.size()).isZero();
    // The caller's own calls too: what it puts in may have to reach a worker.
    assertThatThrownBy(() -> queue.put(new Opaque())).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Opaque.class.getName());
    assertThatThrownBy(() -> map.put("k", new Opaque())).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Opaque.class.getName());
    assertThat(queue.size()).isZero();
    assertThat(map.size()).isZero();
  }

  private static String failureOf(Blocking call) {
    try {
      call.run();
      return "none";
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void handles_areSerializable() throws IOException {
    Pool pool = pool(1);
    for (Object handle : List.of(pool.newQueue(1), pool.newMap())) {
      ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream());
      out.writeObject(handle);
      out.close();
    }
  }

  // ---- 20: a task blocked in a call is cancelled, timed out and terminated as any task ----

  @Test
  void aTaskBlockedInTake_canBeCancelled_andThePoolAndQueueGoOn() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    CompletableFuture<String> blocked = takingTask(pool, queue);
    assertThat(blocked.cancel(true)).isTrue();
    assertThat(blocked).isCancelled();

    CompletableFuture<Object> next = pool.submit(() -> {
      queue.put("after");
      return null;
    });
    assertThat(next).succeedsWithin(WAIT);
    assertThat(queue.poll(WAIT)).isEqualTo("after");
  }

  @Test
  void aTakeWhoseThreadIsInterrupted_throwsInterruptedException_andTakesNothing() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(2);
    CompletableFuture<String> task = pool.submit(() -> {
      CompletableFuture<String> outcome = new CompletableFuture<>();
      Thread taker = new Thread(() -> {
        try {
          outcome.complete("took " + queue.take());
        } catch (InterruptedException e) {
          outcome.complete("interrupted");
        } catch (RuntimeException e) {
          outcome.complete(e.toString());
        }
      }, "taker");
      taker.start();
      while (taker.getState() != Thread.State.WAITING && taker.getState() != Thread.State.TIMED_WAITING) {
        Thread.sleep(1);
      }
      taker.interrupt();
      return outcome.get(30, TimeUnit.SECONDS);
    });
    assertThat(task).succeedsWithin(WAIT).isEqualTo("interrupted");
    queue.put("after");
    assertThat(queue.poll(Duration.ofMillis(200))).as("the interrupted take took nothing").isEqualTo("after");
  }

  @Test
  void aTaskBlockedInPut_timesOut() throws Exception {
    // A second: the last task runs in a fresh worker JVM, whose time the OS may not give it at once
    // on a loaded machine (see PoolContractTest.taskTimeout_failsTheTask…).
    Pool pool = track(onBackend(Pool.builder(), 1).taskTimeout(Duration.ofSeconds(1)).build());
    SharedQueue<String> queue = pool.newQueue(1);
    queue.put("full");
    CompletableFuture<Object> blocked = pool.submit(() -> {
      queue.put("never");
      return null;
    });
    assertThat(blocked).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TaskTimeoutException.class);
    assertThat(queue.poll()).isEqualTo("full");
    assertThat(pool.submit(() -> queue.offer("again", WAIT))).succeedsWithin(WAIT).isEqualTo(true);
  }

  // ---- 21: the objects end with the pool ----

  @Test
  void close_endsTheObjects_andWakesACallBlockedInThem() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    SharedMap<String, String> map = pool.newMap();
    map.put("k", "v");
    CompletableFuture<Throwable> waiting = blockedCall(() -> queue.take());
    assertThat(pool.submit(() -> "done")).succeedsWithin(WAIT);

    pool.close();

    assertThat(waiting).succeedsWithin(WAIT).isInstanceOf(IllegalStateException.class);
    assertEnded(queue, map);
    assertThatThrownBy(() -> pool.newQueue(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::newMap).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void terminate_stopsATaskBlockedInAnObject_andWakesTheCallersBlockedInThem() throws Exception {
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    SharedMap<String, String> map = pool.newMap();
    queue.put("full");
    CompletableFuture<Object> blocked = pool.submit(() -> {
      map.put("putting", "yes");
      queue.put("never");
      return null;
    });
    awaitValue(map, "putting");
    CompletableFuture<Throwable> callerWaiting = blockedCall(() -> queue.put("also never"));

    pool.terminate();

    assertThat(blocked).failsWithin(WAIT);
    assertThat(callerWaiting).succeedsWithin(WAIT).isInstanceOf(IllegalStateException.class);
    assertThat(pool.join(WAIT)).isTrue();
    assertEnded(queue, map);
  }

  /**
   * Runs {@code call} on a thread of its own and returns once that thread waits in it; the future
   * completes with what the call throws.
   */
  private static CompletableFuture<Throwable> blockedCall(Blocking call) throws InterruptedException {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller = new Thread(() -> thrown.complete(catchThrowable(call::run)), "blocked-caller");
    caller.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (caller.getState() != Thread.State.WAITING && caller.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime() - deadline).as("the call blocks in time").isNegative();
      assertThat(thrown).as("the call blocks rather than returning").isNotDone();
      Thread.sleep(1);
    }
    return thrown;
  }

  private static void assertEnded(SharedQueue<String> queue, SharedMap<String, String> map) {
    List<Blocking> calls = List.of(() -> queue.put("x"), () -> queue.offer("x"), queue::take, queue::poll,
        () -> queue.poll(Duration.ofMillis(1)), queue::size, () -> map.get("k"), () -> map.put("k", "v"),
        () -> map.merge("k", "v", (a, b) -> b), map::size, map::snapshot);
    for (Blocking call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
    assertThat(queue.capacity()).isEqualTo(1);
  }

  @Test
  void theObjectsOfAClosedPool_canBeCollected() {
    for (WeakReference<Object> object : objectsOfAClosedPool()) {
      GcFinalization.awaitClear(object);
    }
  }

  /** A queue and a map that a task used, of a pool that is closed; made in a frame of its own. */
  private List<WeakReference<Object>> objectsOfAClosedPool() {
    Pool pool = onBackend(Pool.builder(), 1).build();
    SharedQueue<String> queue = pool.newQueue(4);
    SharedMap<String, String> map = pool.newMap();
    assertThat(pool.submit(() -> {
      queue.put("item");
      return map.put("key", "value");
    })).succeedsWithin(WAIT);
    pool.close();
    return List.of(new WeakReference<>(queue), new WeakReference<>(map));
  }

  // ---- 20: a worker that dies in a call ----

  @Test
  void aWorkerKilledWhileBlockedInTake_takesNothing_andTheQueueGoesOn() throws Exception {
    assumeTrue(workersAreProcesses(), "workers are not processes");
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(2);
    SharedMap<String, Long> pids = pool.newMap();
    CompletableFuture<String> blocked = pool.submit(() -> {
      pids.put("taker", pid());
      return queue.take();
    });
    kill(awaitValue(pids, "taker"));
    assertThat(blocked).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(WorkerCrashedException.class);

    queue.put("after");
    assertThat(queue.poll(WAIT)).as("the dead worker's take is gone with it").isEqualTo("after");
    assertThat(pool.submit(() -> queue.offer("from the replacement"))).succeedsWithin(WAIT).isEqualTo(true);
    assertThat(queue.take()).isEqualTo("from the replacement");
  }

  @Test
  void aWorkerKilledWhileBlockedInPut_putNothing_andTheQueueGoesOn() throws Exception {
    assumeTrue(workersAreProcesses(), "workers are not processes");
    Pool pool = pool(1);
    SharedQueue<String> queue = pool.newQueue(1);
    SharedMap<String, Long> pids = pool.newMap();
    queue.put("first");
    CompletableFuture<Object> blocked = pool.submit(() -> {
      pids.put("putter", pid());
      queue.put("second");
      return null;
    });
    kill(awaitValue(pids, "putter"));
    assertThat(blocked).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(WorkerCrashedException.class);

    assertThat(queue.take()).isEqualTo("first");
    assertThat(queue.poll(Duration.ofMillis(200))).as("the dead worker's put never happened").isNull();
    assertThat(pool.submit(() -> queue.offer("from the replacement"))).succeedsWithin(WAIT).isEqualTo(true);
    assertThat(queue.take()).isEqualTo("from the replacement");
  }

  private static void kill(long pid) {
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    assertThat(pid).as("the worker is not the test's own JVM").isNotEqualTo(pid());
    worker.destroyForcibly();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }
}
