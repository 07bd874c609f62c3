package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.BrokenPoolException;
import org.multipool.Pool;
import org.multipool.PoolBuilder;
import org.multipool.TaskFailedException;

/**
 * The pool's reader and sender against the real worker loop, over a real socket, all in this JVM
 * (as Surefire's {@code E2ETest} runs its booter against its fork client): every frame type and
 * both directions, without starting a JVM, so a failure here points at the protocol rather than
 * at launching.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InJvmEndToEndTest {
  /** How often the task cancelled while held ahead ran: tasks run in this JVM here. */
  private static final AtomicInteger SECOND_RAN = new AtomicInteger();

  private final List<Pool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    for (Pool pool : pools) {
      pool.terminate();
      assertThat(pool.join(Duration.ofSeconds(10))).isTrue();
    }
  }

  private Pool pool(int workers) {
    return track(builder(workers).build());
  }

  private Pool track(Pool pool) {
    pools.add(pool);
    return pool;
  }

  private static PoolBuilder builder(int workers) {
    return Pool.builder().backend(InJvmBackend.ID, workers);
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  @Test
  void map_ofPlainValues_comesBackInOrder() {
    Pool pool = pool(2);
    assertThat(pool.map(x -> x * 2, range(1_000), 7)).isEqualTo(range(1_000).stream().map(x -> x * 2).toList());
    assertThat(pool.map(x -> "item " + x, range(5))).containsExactly("item 0", "item 1", "item 2", "item 3", "item 4");
  }

  @Test
  void map_ofObjects_travelsThroughTheCodec() {
    Pool pool = pool(2);
    List<int[]> arrays = range(50).stream().map(x -> new int[] {x, x + 1}).toList();
    List<List<Integer>> results = pool.map(array -> List.of(array[0], array[1]), arrays, 4);
    assertThat(results).hasSize(50);
    assertThat(results.get(49)).containsExactly(49, 50);
  }

  @Test
  void submit_returnsAndFailsLikeAnyBackend() throws Exception {
    Pool pool = pool(1);
    assertThat(pool.submit(() -> "hello").get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    CompletableFuture<Object> failing = pool.submit(() -> {
      throw new IllegalStateException("task broke");
    });
    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(IllegalStateException.class).hasMessage("task broke");
  }

  @Test
  void map_stopsAtTheFirstFailureOfABatch_andReportsTheLowestIndex() {
    Pool pool = pool(2);
    assertThatThrownBy(() -> pool.map(x -> {
      if (x % 10 == 3) {
        throw new IllegalArgumentException("bad " + x);
      }
      return x;
    }, range(100), 10))
        .isInstanceOf(TaskFailedException.class)
        .satisfies(e -> assertThat(((TaskFailedException) e).index()).isEqualTo(3))
        .cause().hasMessage("bad 3");
  }

  @Test
  void imap_overAnEndlessStream_yieldsInOrder() {
    Pool pool = pool(2);
    try (Stream<Integer> results = pool.imap(x -> x + 1, Stream.iterate(0, x -> x + 1))) {
      assertThat(results.limit(500).toList()).isEqualTo(range(500).stream().map(x -> x + 1).toList());
    }
  }

  @Test
  void cancel_ofATaskSentAhead_skipsIt_andTheWorkerAnswers() throws Exception {
    Pool pool = pool(1);
    CompletableFuture<Object> first = pool.submit(() -> {
      Thread.sleep(300);
      return "first";
    });
    CompletableFuture<Object> second = pool.submit(() -> SECOND_RAN.incrementAndGet());
    assertThat(second.cancel(false)).isTrue();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(second).isCancelled();
    assertThat(pool.submit(() -> "third").get(10, TimeUnit.SECONDS)).isEqualTo("third");
    assertThat(SECOND_RAN).as("the worker skipped the cancelled task").hasValue(0);
  }

  @Test
  void maxTasksPerWorker_retiresWorkersAndTheirReplacementsGoOn() {
    Pool pool = track(builder(2).maxTasksPerWorker(3).build());
    List<String> workers = pool.map(x -> Thread.currentThread().getName(), range(40), 1);
    // the worker loop of worker n runs on the thread "<pool>-worker-<n>-in-jvm"
    assertThat(workers.stream().distinct().count()).as("workers that ran the tasks").isGreaterThanOrEqualTo(14);
    assertThat(workers.stream().collect(Collectors.groupingBy(name -> name, Collectors.counting())).values())
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(3));
  }

  @Test
  void initializer_runsBeforeTheFirstTask_andItsFailureBreaksThePool() {
    Pool good = track(builder(1).initializer(() -> System.setProperty("multipool.e2e.init", "ran")).build());
    assertThat(good.map(x -> System.getProperty("multipool.e2e.init"), range(1))).containsExactly("ran");

    Pool bad = track(builder(1).initializer(() -> {
      throw new IllegalStateException("init broke");
    }).build());
    assertThatThrownBy(() -> bad.map(x -> x, range(3))).isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("init broke");
  }

  @Test
  void shutdown_saysByeAfterTheLastOutcome() {
    Pool pool = pool(2);
    CompletableFuture<List<Integer>> all = pool.mapAsync(x -> x, range(200));
    pool.shutdown();
    assertThat(pool.join(Duration.ofSeconds(10))).isTrue();
    assertThat(all).isCompletedWithValue(range(200));
  }
}
