package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.WorkerCrashedException;

/**
 * Semantics 13 (docs/semantics.md): once a pool's workers have started, a replacement that is
 * killed or stalls while it starts is retried with a back-off, and does not break the pool. The
 * faults are set with the worker property {@code multipool.test.fault} (workers 1 and 2 are the
 * first; a task that halts its worker makes worker 3 the replacement).
 */
class StartRetryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Pool poolWithFault(String fault) {
    return Pool.builder().processes(2).jvmOptions("-Dmultipool.test.fault=" + fault).build();
  }

  /** Halts the worker that runs it, so that a replacement starts. */
  private static void haltAWorker(Pool pool) throws Exception {
    CompletableFuture<Object> halted = pool.submit(() -> {
      Runtime.getRuntime().halt(1);
      return null;
    });
    try {
      halted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the worker did not halt");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WorkerCrashedException.class);
    }
  }

  /**
   * The workers that run a map of slow items, once two do: the replacement joins when its back-off
   * and its start are over, so the map is tried again until then (within {@link #WAIT}).
   */
  private static Set<Long> pidsOfAMapOnBothWorkers(Pool pool) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Set<Long> pids;
    do {
      pids = new HashSet<>(pool.map(x -> {
        Thread.sleep(100);
        return ProcessHandle.current().pid();
      }, IntStream.range(0, 10).boxed().collect(Collectors.toList()), 1));
    } while (pids.size() < 2 && System.nanoTime() < deadline);
    return pids;
  }

  @Test
  void aReplacementThatStallsPastTheHelloDeadline_isRetried_andThePoolGoesOn() throws Exception {
    try (PoolLogRecorder log = PoolLogRecorder.start();
        Pool pool = poolWithFault("BEFORE_HELLO@3/stall=6000")) { // as a SIGSTOP for 6 s would
      assertThat(pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      haltAWorker(pool);
      log.await(record -> record.getLevel() == Level.WARNING
          && PoolLogRecorder.message(record).contains("before it was ready; a replacement starts in 500 ms"), WAIT);
      assertThat(pidsOfAMapOnBothWorkers(pool)).hasSize(2);
      assertThat(pool.stats().workersLost()).isEqualTo(1); // the halted one; a worker that never got ready held nothing
    }
  }

  @Test
  void threeReplacementsKilledInARowWhileStarting_areRetriedWithABackOff_andThePoolGoesOn() throws Exception {
    try (PoolLogRecorder log = PoolLogRecorder.start();
        Pool pool = poolWithFault("BEFORE_HELLO@3,4,5")) {
      assertThat(pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      haltAWorker(pool);
      List<Integer> quick = pool.map(x -> x + 1, IntStream.range(0, 2_000).boxed().collect(Collectors.toList()));
      assertThat(quick).hasSize(2_000).startsWith(1, 2, 3).endsWith(2_000);
      log.await(record -> PoolLogRecorder.message(record).contains("a replacement starts in 2000 ms"), WAIT);
      assertThat(pidsOfAMapOnBothWorkers(pool)).hasSize(2);
      assertThat(log.messages(message -> message.contains("before it was ready; a replacement starts in")))
          .hasSize(3)
          .anySatisfy(message -> assertThat(message).contains("starts in 500 ms"))
          .anySatisfy(message -> assertThat(message).contains("starts in 1000 ms"))
          .anySatisfy(message -> assertThat(message).contains("starts in 2000 ms"));
    }
  }

  @Test
  void terminate_cutsTheBackOffBeforeAReplacement() throws Exception {
    try (PoolLogRecorder log = PoolLogRecorder.start();
        Pool pool = poolWithFault("BEFORE_HELLO@3,4,5,6")) {
      assertThat(pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      haltAWorker(pool);
      log.await(record -> PoolLogRecorder.message(record).contains("a replacement starts in 4000 ms"), WAIT);
      long start = System.nanoTime();
      pool.terminate();
      assertThat(pool.join(WAIT)).isTrue();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(tookMillis).as("terminate waited for the 4 s back-off").isLessThan(3_000);
    }
  }
}
