package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;

/**
 * Semantics 11 on a long-lived member: a pool whose JVM leaves the cluster without closing it
 * (killed, say) leaves nothing on the members that ran its tasks: its lanes and their threads end,
 * and what it made in the cluster (its executor, its marker map, its queues and maps) is destroyed.
 */
class DepartedCallerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aClientRunningAPoolThatDisappears_leavesNothingOnTheMember() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 0)) {
      HazelcastInstance member = cluster.caller();
      ClientConfig config = new ClientConfig();
      config.setClusterName(cluster.name());
      config.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
      config.setProperty("hazelcast.logging.type", "none");
      HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
      String name = "departed-" + System.nanoTime();
      Pool pool = Pool.builder().backend(ClusterBackend.on(client), 2).name(name).build();
      try {
        SharedQueue<Integer> queue = pool.newQueue(100);
        SharedMap<Integer, Integer> map = pool.newMap();
        List<Integer> items = IntStream.range(0, 50).boxed().collect(Collectors.toList());
        pool.map(x -> {
          queue.put(x);
          return map.put(x, x);
        }, items, 5);
        assertThat(Lanes.of(member).size()).as("lanes of the pool").isEqualTo(2);
        assertThat(objectsOf(member, name)).as("the pool's executor, markers, queue and map")
            .hasSizeGreaterThanOrEqualTo(4);

        client.getLifecycleService().terminate(); // as a kill would: the pool is never closed

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Lanes.of(member).size() > 0 || !objectsOf(member, name).isEmpty()) {
          assertThat(System.nanoTime()).as("lanes %d, objects %s", Lanes.of(member).size(), objectsOf(member, name))
              .isLessThan(deadline);
          Thread.sleep(50); // the member acts on its own, a grace after it saw the client go
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("the lanes' threads")
            .noneMatch(thread -> thread.getName().startsWith(name + "-slot-") && thread.getName().matches(".*-slot-\\d+"));
      } finally {
        pool.terminate(); // a pool whose client is gone still ends
      }
    }
  }

  private static List<String> objectsOf(HazelcastInstance member, String pool) {
    return member.getDistributedObjects().stream().map(DistributedObject::getName)
        .filter(name -> name.contains(pool)).collect(Collectors.toList());
  }
}
