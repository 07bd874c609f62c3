package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.TaskFunction;

/**
 * A batch on its member: whether it begins is decided by its marker, which the member claims at
 * the batch's turn and the caller claims to take it back or to settle a loss.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunBatchTest {
  private static final String MARKERS = "run-batch-test-markers";
  private static HazelcastInstance member;

  @BeforeAll
  static void startMember() {
    member = Hazelcast.newHazelcastInstance(ClusterConfigs.loopbackMember("run-batch-test-" + UUID.randomUUID(), java.util.List.of()));
  }

  @AfterAll
  static void stopMember() {
    member.shutdown();
  }

  @Test
  void aClaimThatFindsTheMembersOwnClaim_beginsTheBatch() throws Exception {
    // What Hazelcast's second attempt at the claim finds when the first one landed, and the member
    // that held the marker left before it answered.
    String marker = "lane#0-" + UUID.randomUUID();
    member.getMap(MARKERS).put(marker, RunBatch.BEGUN);

    BatchOutcome outcome = run(marker);

    assertThat(outcome.notRun).as("reported not run, though the caller never claimed it").isFalse();
    assertThat(outcome.outcomes).containsExactly(42);
  }

  @Test
  void aBatchTheCallerClaimedFirst_neverBegins() throws Exception {
    String marker = "lane#0-" + UUID.randomUUID();
    member.getMap(MARKERS).put(marker, RunBatch.REQUEUED);

    BatchOutcome outcome = run(marker);

    assertThat(outcome.notRun).isTrue();
  }

  /** Runs a batch of one item, 21, doubled, as the first batch of a lane of its own. */
  private static BatchOutcome run(String marker) throws Exception {
    LaneId lane = new LaneId("run-batch-test/" + UUID.randomUUID(), "run-batch-test", null);
    TaskFunction<Integer, Integer> twice = item -> item * 2;
    byte[] payload = Outcomes.serializeAll(List.of(twice, 21)); // the function, then the item
    RunBatch batch = new RunBatch(lane, 0, 1, 1, payload, null, 0, MARKERS, marker);
    var executor = member.getExecutorService("run-batch-test");
    var local = member.getCluster().getLocalMember();
    try {
      byte[] outcome = executor.submitToMember(batch, local).get(30, TimeUnit.SECONDS);
      return (BatchOutcome) Outcomes.deserialize(outcome, RunBatchTest.class.getClassLoader());
    } finally {
      executor.submitToMember(LaneCommand.close(lane), local).get(30, TimeUnit.SECONDS);
    }
  }
}
