package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster queue whose caller's member is killed while the call waits: from the moment the member
 * is dead, the call does nothing to the queue. The queue lives on a member that stays; Hazelcast
 * keeps a call that waits there until that member sees the dead one leave, which takes a while.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterQueueFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aTakeWaitingOnAMemberThatIsKilled_leavesTheNextItemInTheQueue() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      ClusterRef ref = queueOwnedBy(cluster.caller(), 4);
      ClusterQueue<String> queue = handle(cluster.caller(), ref);
      waitOnTheOtherMember(cluster, WaitInQueue.take(ref));

      cluster.killProcess(0);
      queue.put("item");

      assertThat(queue.poll()).as("the item a dead member's take would have had").isEqualTo("item");
    }
  }

  @Test
  void aPutWaitingOnAMemberThatIsKilled_neverLands() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 1)) {
      cluster.awaitSize(2);
      ClusterRef ref = queueOwnedBy(cluster.caller(), 1);
      ClusterQueue<String> queue = handle(cluster.caller(), ref);
      queue.put("first");
      waitOnTheOtherMember(cluster, WaitInQueue.put(ref, "late"));

      cluster.killProcess(0);
      assertThat(queue.take()).isEqualTo("first");

      assertThat(queue.size()).as("items after the dead member's put found room").isZero();
    }
  }

  /** A queue of {@code capacity} that the member in this JVM holds, so that it outlives the other. */
  private static ClusterRef queueOwnedBy(HazelcastInstance member, int capacity) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!member.getPartitionService().isClusterSafe()) { // no partition moves from now on
      assertThat(System.nanoTime() - deadline).as("partitions settled by now").isNegative();
      Thread.sleep(10);
    }
    String family = "multipool-cap-" + capacity + "-";
    member.getConfig().addQueueConfig(new QueueConfig(family + "*").setMaxSize(capacity));
    String prefix = family + "failover-" + UUID.randomUUID() + "-";
    for (int i = 0; ; i++) {
      String name = prefix + i;
      if (member.getPartitionService().getPartition(name).getOwner().localMember()) {
        return new ClusterRef(name, true, capacity, "queue " + name);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static ClusterQueue<String> handle(HazelcastInstance member, ClusterRef ref) {
    return (ClusterQueue<String>) ref.bind(member, () -> true);
  }

  /** Has the member in a JVM of its own wait in the queue; returns once it is about to. */
  private static void waitOnTheOtherMember(LoopbackCluster cluster, WaitInQueue call) throws Exception {
    HazelcastInstance caller = cluster.caller();
    var other = caller.getCluster().getMembers().stream().filter(member -> !member.localMember()).findFirst()
        .orElseThrow();
    Future<String> waiting = caller.getExecutorService("wait-in-queue").submitToMember(call, other);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (caller.getMap(WaitInQueue.WAITING).isEmpty()) {
      assertThat(System.nanoTime() - deadline).as("the other member waits by now").isNegative();
      if (waiting.isDone()) {
        throw new AssertionError("The other member's call ended: " + waiting.get());
      }
      Thread.sleep(5);
    }
  }
}
