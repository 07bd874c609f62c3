package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Runs one batch of a slot on the member it is sent to, in the slot's lane, and returns its
 * serialized {@link BatchOutcome}.
 *
 * <p>Before the batch begins, the lane claims it in the pool's marker map, which outlives any one
 * member (it has a backup). If the member dies, the caller claims the batches it had sent there
 * the same way: a batch the member had claimed had begun, and its items fail; one the caller
 * claims first runs elsewhere, and never here, so no batch runs twice.
 */
final class RunBatch implements Callable<byte[]>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  static final String BEGUN = "begun";
  static final String REQUEUED = "requeued";

  private final LaneId lane;
  private final long seq;
  private final int size;
  private final int skipFrom;
  private final byte[] payload;
  private final byte[] initializer;
  private final long timeoutNanos;
  private final String markerMap;
  private final String markerKey;
  private transient HazelcastInstance member;

  RunBatch(LaneId lane, long seq, int size, int skipFrom, byte[] payload, byte[] initializer,
      long timeoutNanos, String markerMap, String markerKey) {
    this.lane = lane;
    this.seq = seq;
    this.size = size;
    this.skipFrom = skipFrom;
    this.payload = payload;
    this.initializer = initializer;
    this.timeoutNanos = timeoutNanos;
    this.markerMap = markerMap;
    this.markerKey = markerKey;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public byte[] call() throws Exception {
    IMap<String, String> markers = member.getMap(markerMap);
    Lane hosted = Lanes.of(member).lane(lane.key(), lane.label(), lane.caller());
    LaneBatch batch = new LaneBatch(hosted, seq, size, Math.min(skipFrom, size), timeoutNanos, payload, initializer,
        () -> claim(markers, markerKey));
    hosted.offer(batch);
    return batch.outcome().get();
  }

  /**
   * Claims a batch for the member it was sent to: false if the caller claimed it first.
   *
   * <p>A claim that finds {@link #BEGUN} is this member's own. Hazelcast sends a map call again
   * when the member that holds the key leaves before it answers, even if the call had landed
   * there and in the key's backup, which now answers the second attempt (Hazelcast is
   * at-least-once here). Only the member a batch was sent to ever writes {@code BEGUN} under its
   * key, so the batch begins. Were the claim taken for the caller's, the lane would report the
   * batch not run, and the slot, which never asked for it back, would drop it: its tasks would
   * never complete.
   */
  static boolean claim(IMap<String, String> markers, String markerKey) {
    String prior = markers.putIfAbsent(markerKey, BEGUN);
    return prior == null || BEGUN.equals(prior);
  }
}
