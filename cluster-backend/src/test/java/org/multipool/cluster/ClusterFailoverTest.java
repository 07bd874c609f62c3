package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.BrokenPoolException;
import org.multipool.MapFuture;
import org.multipool.Pool;
import org.multipool.SerializationException;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;
import org.multipool.TaskFailedException;
import org.multipool.WorkerCrashedException;
import org.multipool.testkit.Signal;

/**
 * What only a cluster does: members that die, join and lack classes, and a cluster that loses its
 * last member. Each test has a cluster of its own, since it kills or adds members.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tempDir;

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** A task that leaves a file when it begins (naming its item and JVM) and one when it ends. */
  private static Integer tallied(String dir, int item) throws InterruptedException {
    Signal.tally(dir, "began-" + item + "-on-" + pid());
    Thread.sleep(2);
    Signal.tally(dir, "ran-" + item);
    return item * 2;
  }

  @Test
  void memberKilledMidWork_failsOnlyTheTasksItHadBegun_andNoTaskRunsTwice() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      long doomed = cluster.processPid(0);
      String dir = tempDir.toString();
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 4).build()) {
        List<CompletableFuture<Integer>> tasks = new ArrayList<>();
        for (int item : range(2_000)) {
          tasks.add(pool.submit(() -> tallied(dir, item)));
        }
        awaitFiles("ran-", 300);
        cluster.killProcess(0); // kill -9, while its slots run tasks

        Map<Integer, Throwable> failed = new HashMap<>();
        for (int item : range(2_000)) {
          Throwable failure = catchThrowable(() -> tasks.get(item).get(WAIT.toSeconds(), TimeUnit.SECONDS));
          if (failure == null) {
            assertThat(tasks.get(item).join()).isEqualTo(item * 2);
          } else {
            failed.put(item, failure);
          }
        }
        Tallies tallies = tallies();
        for (int item : range(2_000)) {
          assertThat(tallies.began(item)).as("item %d began once at most", item).isLessThanOrEqualTo(1);
          Throwable failure = failed.get(item);
          if (failure == null) {
            assertThat(tallies.ran(item)).as("item %d, a result, ran once", item).isEqualTo(1);
            continue;
          }
          assertThat(failure).isInstanceOf(ExecutionException.class).cause()
              .isInstanceOf(WorkerCrashedException.class).hasMessageContaining("left the cluster");
          assertThat(((WorkerCrashedException) failure.getCause()).pid()).isEqualTo(doomed);
          // The member begins an item before the item's own first line runs, so a failed item left
          // a file there, or none if the kill came in between; never one anywhere else.
          assertThat(tallies.began(item) == 0 || tallies.beganOn(item, doomed))
              .as("failed item %d began nowhere but on the member killed", item).isTrue();
          assertThat(tallies.ran(item)).as("failed item %d never ran to its end elsewhere", item)
              .isLessThanOrEqualTo(tallies.beganOn(item, doomed) ? 1 : 0);
        }
        // Each of its two slots had one task running and, at most, one done whose result was lost.
        assertThat(failed.size()).isLessThanOrEqualTo(2 * ClusterSlot.IN_FLIGHT);
        assertThat(pool.submit(ClusterFailoverTest::pid)).as("the pool goes on, on the member left")
            .succeedsWithin(WAIT).isEqualTo(pid());
        assertThat(pool.stats().workersLost()).isEqualTo(2);
      }
    }
  }

  @Test
  void memberKilledMidMap_theMapFailsWithTheCrash_orSucceeds_andNoItemRunsTwice() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      long doomed = cluster.processPid(0);
      String dir = tempDir.toString();
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 4).build()) {
        MapFuture<Integer> map = pool.mapAsync(item -> tallied(dir, item), range(2_000));
        awaitFiles("ran-", 300);
        cluster.killProcess(0);

        Throwable failure = catchThrowable(() -> map.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        if (failure == null) {
          assertThat(map.join()).isEqualTo(range(2_000).stream().map(x -> x * 2).collect(Collectors.toList()));
        } else {
          assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailedException.class)
              .cause().isInstanceOf(WorkerCrashedException.class);
          assertThat(((WorkerCrashedException) failure.getCause().getCause()).pid()).isEqualTo(doomed);
        }
        Tallies tallies = tallies();
        for (int item : range(2_000)) {
          assertThat(tallies.began(item)).as("item %d began once at most", item).isLessThanOrEqualTo(1);
        }
        assertThat(pool.map(x -> x + 1, range(100))).as("the pool goes on")
            .isEqualTo(range(100).stream().map(x -> x + 1).collect(Collectors.toList()));
      }
    }
  }

  @Test
  void memberJoiningDuringAMap_takesWork() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 0);
        Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 4).build()) {
      // Small chunks, so that batches remain to be taken when the new member has joined; and no
      // task ends before it has joined, however long a loaded machine takes to start it.
      Signal memberJoined = Signal.in(tempDir, "joined");
      CompletableFuture<List<Long>> map = CompletableFuture.supplyAsync(() -> pool.map(item -> {
        memberJoined.await(WAIT);
        Thread.sleep(20);
        return pid();
      }, range(1_000), 2));
      long joined = cluster.startProcess(System.getProperty("java.class.path")).pid();
      cluster.awaitSize(2);
      memberJoined.fire();

      assertThat(map).succeedsWithin(WAIT);
      List<Long> ranIn = map.join();
      assertThat(ranIn).hasSize(1_000).contains(joined).contains(pid());
    }
  }

  @Test
  void taskClassMissingOnAMember_failsThatTaskNamingTheClass_andNothingHangs() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 0)) {
      cluster.startProcess(LoopbackCluster.classPathWithoutTests());
      cluster.awaitSize(2);
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 2).build()) {
        // Two slots on two members: one each. Tasks that block a moment land on both.
        List<CompletableFuture<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          tasks.add(pool.submit(() -> {
            Thread.sleep(20);
            return pid();
          }));
        }
        int missing = 0;
        for (CompletableFuture<Long> task : tasks) {
          Throwable failure = catchThrowable(() -> task.get(WAIT.toSeconds(), TimeUnit.SECONDS));
          if (failure != null) {
            missing++;
            assertThat(failure.getCause()).isInstanceOf(SerializationException.class)
                .hasMessageContaining(ClusterFailoverTest.class.getName())
                .hasMessageContaining("not on the class path")
                .hasMessageContaining("every member");
          } else {
            assertThat(task.join()).isEqualTo(pid());
          }
        }
        assertThat(missing).as("tasks sent to the member without the class").isBetween(1, 19);
      }
    }
  }

  @Test
  void lastMemberLeaving_breaksThePool() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(0, 1)) {
      ClientConfig config = new ClientConfig();
      config.setClusterName(cluster.name());
      config.getNetworkConfig().addAddress("127.0.0.1:" + cluster.portOfProcess(0));
      config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);
      config.setProperty("hazelcast.logging.type", "none");
      HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
      try (Pool pool = Pool.builder().backend(ClusterBackend.on(client), 2).build()) {
        Signal began = Signal.in(tempDir, "began");
        Signal never = Signal.in(tempDir, "never");
        CompletableFuture<Object> running = pool.submit(() -> {
          began.fire();
          never.block();
          return null;
        });
        began.await(WAIT);

        cluster.killProcess(0);

        assertThat(running).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(WorkerCrashedException.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Throwable refused;
        do {
          assertThat(System.nanoTime() - deadline).as("broken by now").isNegative();
          refused = catchThrowable(() -> pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } while (refused == null);
        Throwable broken = refused instanceof ExecutionException ? refused.getCause() : refused;
        assertThat(broken).as("stats %s, client running %s, members %s", pool.stats(),
            client.getLifecycleService().isRunning(), client.getLifecycleService().isRunning()
                ? client.getCluster().getMembers() : "-").isInstanceOf(BrokenPoolException.class);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void close_leavesNoThreadLaneOrDistributedObjectBehind_andTheCallersInstanceRunning() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(2, 1)) {
      cluster.awaitSize(3);
      String name = "tidy-" + System.nanoTime();
      Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 6).name(name).build();
      assertThat(pool.map(x -> x * 2, range(600), 10)).hasSize(600);
      SharedQueue<Integer> queue = pool.newQueue(1_000);
      SharedMap<Integer, Integer> map = pool.newMap();
      pool.map(x -> {
        queue.put(x);
        return map.merge(x % 10, 1, Integer::sum);
      }, range(100), 10);
      assertThat(queue.size()).isEqualTo(100);
      assertThat(threadsNamed(name)).isNotEmpty();
      assertThat(cluster.caller().getDistributedObjects().stream().filter(object -> object.getName().contains(name)))
          .as("the pool's executor, markers, queue and map").hasSizeGreaterThanOrEqualTo(4);

      pool.close();

      assertThat(threadsNamed(name)).as("threads of the pool in this JVM").isEmpty();
      assertThat(cluster.caller().getDistributedObjects())
          .noneMatch(object -> object.getName().contains(name));
      for (var member : cluster.caller().getCluster().getMembers()) {
        assertThat(cluster.caller().getExecutorService("lane-count").submitToMember(new CountLanes(), member)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("lanes on %s", member).isZero();
      }
      assertThat(cluster.caller().getLifecycleService().isRunning()).isTrue();
    }
  }

  @Test
  void withNoConfiguration_thePoolStartsAMemberOfItsOwn_andShutsItDownOnClose() {
    String name = "solo-" + System.nanoTime();
    try (Pool pool = Pool.builder().backend("cluster", 2).name(name).build()) {
      assertThat(pool.backend()).isEqualTo("cluster");
      assertThat(pool.map(x -> x * x, range(100))).isEqualTo(range(100).stream().map(x -> x * x)
          .collect(Collectors.toList()));
      assertThat(com.hazelcast.core.Hazelcast.getHazelcastInstanceByName(name)).isNotNull();
    }
    assertThat(com.hazelcast.core.Hazelcast.getHazelcastInstanceByName(name)).isNull();
    assertThat(threadsNamed(name)).isEmpty();
  }

  private static List<String> threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(thread -> thread.contains(name)).collect(Collectors.toList());
  }

  private void awaitFiles(String prefix, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (filesStartingWith(prefix) < atLeast) {
      assertThat(System.nanoTime() - deadline).as("%d files %s* by now", atLeast, prefix).isNegative();
      Thread.sleep(10);
    }
  }

  private long filesStartingWith(String prefix) {
    try (Stream<Path> files = Files.list(tempDir)) {
      return files.filter(file -> file.getFileName().toString().startsWith(prefix)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files tasks left, counted once: "began-ITEM-on-PID-..." and "ran-ITEM-...". */
  private Tallies tallies() {
    Tallies tallies = new Tallies();
    try (Stream<Path> files = Files.list(tempDir)) {
      files.map(file -> file.getFileName().toString().split("-")).forEach(parts -> {
        if (parts[0].equals("began")) {
          tallies.began.merge(Integer.parseInt(parts[1]), 1, Integer::sum);
          tallies.beganOn.put(Integer.parseInt(parts[1]), Long.parseLong(parts[3]));
        } else if (parts[0].equals("ran")) {
          tallies.ran.merge(Integer.parseInt(parts[1]), 1, Integer::sum);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tallies;
  }

  private static final class Tallies {
    final Map<Integer, Integer> began = new HashMap<>();
    final Map<Integer, Long> beganOn = new HashMap<>();
    final Map<Integer, Integer> ran = new HashMap<>();

    int began(int item) {
      return began.getOrDefault(item, 0);
    }

    int ran(int item) {
      return ran.getOrDefault(item, 0);
    }

    boolean beganOn(int item, long pid) {
      return Long.valueOf(pid).equals(beganOn.get(item));
    }
  }
}
