package org.multipool.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.multipool.Pool;
import org.multipool.TaskTimeoutException;

/** What only the thread backend does: shared memory, thread names, virtual threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadBackendTest {

  @Test
  void workerThreads_areNamedAfterThePool() throws Exception {
    try (Pool pool = Pool.builder().threads(2).name("resize").build()) {
      String name = pool.submit(() -> Thread.currentThread().getName()).get();
      assertThat(name).matches("resize-worker-\\d+");
    }
  }

  @Test
  void defaultName_isNumberedPerPool() throws Exception {
    try (Pool pool = Pool.threads(1)) {
      assertThat(pool.submit(() -> Thread.currentThread().getName()).get()).matches("multipool-\\d+-worker-1");
    }
  }

  @Test
  void tasks_shareMemoryWithTheCaller_nothingIsSerialized() {
    AtomicInteger counter = new AtomicInteger();
    Object notSerializable = new Object();
    try (Pool pool = Pool.threads(4)) {
      pool.map(x -> {
        counter.addAndGet(x);
        return notSerializable;
      }, IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()));
    }
    assertThat(counter).hasValue(5050);
  }

  @Test
  void workers_runInParallel() throws Exception {
    int workers = 4;
    CountDownLatch allRunning = new CountDownLatch(workers);
    try (Pool pool = Pool.threads(workers)) {
      List<CompletableFuture<Boolean>> futures = IntStream.range(0, workers)
          .mapToObj(i -> pool.submit(() -> {
            allRunning.countDown();
            return allRunning.await(10, TimeUnit.SECONDS);
          }))
          .collect(Collectors.toList());
      for (CompletableFuture<Boolean> future : futures) {
        assertThat(future.get()).isTrue();
      }
    }
  }

  @Test
  void taskTimeout_interruptsTheTask() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (Pool pool = Pool.builder().threads(1).taskTimeout(Duration.ofMillis(100)).build()) {
      CompletableFuture<Object> task = pool.submit(() -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return null;
      });
      assertThatThrownBy(task::get).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TaskTimeoutException.class);
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void taskTimeout_failsTheFutureAtTheDeadline_evenIfTheTaskIgnoresInterrupts() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    try (Pool pool = Pool.builder().threads(2).taskTimeout(Duration.ofMillis(100)).build()) {
      CompletableFuture<Object> stubborn = pool.submit(() -> {
        while (finish.getCount() > 0) {
          Thread.onSpinWait(); // ignores the interrupt, as a busy loop does
        }
        return "finished";
      });
      assertThatThrownBy(stubborn::get).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TaskTimeoutException.class);
      // The other worker still serves new tasks; the stubborn one is only released by its task.
      assertThat(pool.submit(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
      finish.countDown();
    }
  }

  @Test
  void taskTimeout_isNotHeldUpByASlowCallbackOnAnotherTimedOutTask() throws Exception {
    CountDownLatch callbackRunning = new CountDownLatch(1);
    CountDownLatch releaseCallback = new CountDownLatch(1);
    AtomicReference<String> callbackThread = new AtomicReference<>();
    try (Pool pool = Pool.builder().threads(2).name("slow-callback").taskTimeout(Duration.ofMillis(100)).build()) {
      CompletableFuture<Object> first = pool.submit(() -> {
        Thread.sleep(60_000);
        return null;
      });
      // A user callback that blocks. Nobody waits on `first`, so only its completer can run it.
      CompletableFuture<Void> slowCallback = first.handle((result, failure) -> {
        callbackThread.set(Thread.currentThread().getName());
        callbackRunning.countDown();
        try {
          releaseCallback.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      assertThat(callbackRunning.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(callbackThread.get()).startsWith("slow-callback-timed-out-");
      CompletableFuture<Object> second = pool.submit(() -> {
        Thread.sleep(60_000);
        return null;
      });
      // The watchdog still fails the second task on time while the first one's callback blocks.
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskTimeoutException.class);
      releaseCallback.countDown();
      slowCallback.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void builder_rejectsJvmOptionsOnThreads() {
    assertThatThrownBy(() -> Pool.builder().threads(1).jvmOptions("-Xmx64m").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jvmOptions do not apply to the threads backend, which ignores them;"
            + " they apply to backends that start worker JVMs, such as processes(n)");
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void virtualThreads_beforeJdk21_failWithClearMessage() {
    assertThatThrownBy(() -> Pool.builder().virtualThreads(10))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("virtualThreads needs JDK 21 or newer")
        .hasMessageContaining("use threads(n)");
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreads_runOnVirtualThreads_atMostMaxConcurrentAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    try (Pool pool = Pool.builder().virtualThreads(50).name("io").build()) {
      assertThat(pool.backend()).isEqualTo("virtual-threads");
      List<Boolean> virtual = pool.map(x -> {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        Thread.sleep(5);
        running.decrementAndGet();
        return isVirtual(Thread.currentThread());
      }, IntStream.range(0, 1_000).boxed().collect(Collectors.toList()), 1);
      assertThat(virtual).containsOnly(true);
      assertThat(mostAtOnce.get()).isLessThanOrEqualTo(50).isGreaterThan(1);
    }
  }

  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }
}
