package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.WorkerCrashedException;

/**
 * A member that dies while a task on it waits in a shared queue (semantics 20): the task fails as
 * crashed, and the queue goes on as if the task had never called it, so no item is lost to the
 * dead member and none of its puts lands later.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSharedObjectsFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int TASKS = 6;

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void aMemberKilledWhileItsTaskWaitsInTake_takesNothing() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 2).build()) {
        SharedQueue<String> queue = pool.newQueue(TASKS);
        SharedMap<String, Long> waiting = pool.newMap();
        List<CompletableFuture<String>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          String name = "task-" + i;
          tasks.add(pool.submit(() -> {
            waiting.put(name, pid());
            return queue.take();
          }));
        }
        awaitWaitingOnBoth(waiting, cluster.processPid(0));

        cluster.killProcess(0);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < TASKS - 1; i++) {
          sent.add("item-" + i);
          queue.put("item-" + i);
        }
        List<String> taken = new ArrayList<>();
        int crashed = 0;
        for (CompletableFuture<String> task : tasks) {
          Throwable failure = catchThrowable(() -> taken.add(task.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
          if (failure != null) {
            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkerCrashedException.class);
            crashed++;
          }
        }
        assertThat(crashed).as("only the task that waited on the member killed").isEqualTo(1);
        assertThat(taken).as("every item reached a task that lives").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(queue.size()).isZero();
      }
    }
  }

  @Test
  void aMemberKilledWhileItsTaskWaitsInPut_putsNothing() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 2).build()) {
        SharedQueue<String> queue = pool.newQueue(1);
        SharedMap<String, Long> waiting = pool.newMap();
        queue.put("first");
        List<CompletableFuture<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          String name = "task-" + i;
          tasks.add(pool.submit(() -> {
            waiting.put(name, pid());
            queue.put("from-" + name);
            return null;
          }));
        }
        awaitWaitingOnBoth(waiting, cluster.processPid(0));

        cluster.killProcess(0);

        assertThat(queue.take()).isEqualTo("first");
        Set<String> put = new HashSet<>();
        for (int i = 0; i < TASKS - 1; i++) {
          put.add(queue.poll(WAIT));
        }
        int crashed = 0;
        for (CompletableFuture<Object> task : tasks) {
          Throwable failure = catchThrowable(() -> task.get(WAIT.toSeconds(), TimeUnit.SECONDS));
          if (failure != null) {
            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkerCrashedException.class);
            crashed++;
          }
        }
        assertThat(crashed).isEqualTo(1);
        assertThat(put).hasSize(TASKS - 1).doesNotContainNull();
        assertThat(queue.poll(Duration.ofMillis(500))).as("the dead member's put never lands").isNull();
      }
    }
  }

  /** Waits until a task waits on the member in this JVM and one on the member that will die. */
  private static void awaitWaitingOnBoth(SharedMap<String, Long> waiting, long doomed) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(waiting.snapshot().containsValue(doomed) && waiting.snapshot().containsValue(pid()))) {
      assertThat(System.nanoTime() - deadline).as("tasks wait on both members").isNegative();
      Thread.sleep(5);
    }
  }
}
