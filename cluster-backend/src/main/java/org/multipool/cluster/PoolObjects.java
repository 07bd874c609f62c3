package org.multipool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What one pool made in the cluster, and every call that goes through it: the executor that carries
 * its batches and commands to members, and the map in which members and the pool claim batches.
 * {@link #destroy()} removes both.
 */
final class PoolObjects {
  private final IExecutorService executor;
  private final IMap<String, String> markers;

  PoolObjects(HazelcastInstance hazelcast, String poolId) {
    addExecutorConfig(hazelcast);
    this.executor = hazelcast.getExecutorService("multipool-" + poolId);
    this.markers = hazelcast.getMap("multipool-" + poolId + "-begun");
  }

  /** Sends a batch to its member; the stage completes with the member's serialized outcome. */
  @SuppressWarnings("unchecked") // Hazelcast's executor futures are completion stages of their result type
  CompletionStage<byte[]> run(RunBatch batch, Member member) {
    return (CompletionStage<byte[]>) executor.submitToMember(batch, member);
  }

  String markerMapName() {
    return markers.getName();
  }

  /**
   * True if the batch never began on its member and now never will: the caller claims it first, or
   * had claimed it already when it took the batch back. False if the member had begun it, or if
   * that cannot be told.
   */
  boolean claimForRequeue(String markerKey) {
    try {
      String prior = markers.putIfAbsent(markerKey, RunBatch.REQUEUED);
      return prior == null || RunBatch.REQUEUED.equals(prior);
    } catch (RuntimeException e) {
      return false; // cannot tell: fail it rather than risk running it twice
    }
  }

  /**
   * As {@link #claimForRequeue}, without waiting: the stage completes with true if the caller
   * claimed the batch first, false if the member had begun it or the claim could not be made.
   */
  CompletionStage<Boolean> claimForRequeueLater(String markerKey) {
    try {
      return markers.submitToKey(markerKey, new ClaimIfUnclaimed(RunBatch.REQUEUED))
          .exceptionally(failure -> false); // cannot tell: leave it where it is
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /** Puts the claim if the batch has none yet, where the marker lives; true if it did. */
  private record ClaimIfUnclaimed(String claim) implements EntryProcessor<String, String, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      if (entry.getValue() != null) {
        return false;
      }
      entry.setValue(claim);
      return true;
    }
  }

  void forgetMarker(String markerKey) {
    try {
      markers.removeAsync(markerKey);
    } catch (RuntimeException e) {
      // the cluster is going away; close() destroys the map anyway
    }
  }

  Future<Boolean> send(Member member, LaneCommand command) {
    return executor.submitToMember(command, member);
  }

  /**
   * Sends a command; the stage completes once the member has carried it out, or could not. A call
   * that cannot even be made completes it at once, exceptionally.
   */
  @SuppressWarnings("unchecked") // Hazelcast's executor futures are completion stages of their result type
  CompletionStage<Boolean> command(Member member, LaneCommand command) {
    try {
      return (CompletionStage<Boolean>) send(member, command);
    } catch (RuntimeException e) { // the member or this instance is gone
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Sends a command without waiting; a member that is gone needs none. */
  void sendQuietly(Member member, LaneCommand command) {
    try {
      send(member, command);
    } catch (RuntimeException e) {
      // the member or this instance is gone
    }
  }

  /** Ends the slot's lane on its member and waits for it, so the member keeps nothing of the pool. */
  void closeLane(Member member, LaneId lane) {
    try {
      Uninterruptibly.get(send(member, LaneCommand.close(lane)));
    } catch (ExecutionException | RuntimeException e) {
      // the member left: its lane went with it
    }
  }

  /** Removes what the pool made; an instance that is down took it with it. */
  void destroy() {
    try {
      executor.destroy();
      markers.destroy();
    } catch (RuntimeException e) {
      // the instance is down already, and with it what the pool made
    }
  }

  private static void addExecutorConfig(HazelcastInstance hazelcast) {
    try {
      hazelcast.getConfig().addExecutorConfig(ClusterConfigs.executors());
    } catch (InvalidConfigurationException | UnsupportedOperationException e) {
      // the cluster has its own setting for Multipool's executors, which wins
    }
  }
}
