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
        () -> markers.putIfAbsent(markerKey, BEGUN) == null);
    hosted.offer(batch);
    return batch.outcome().get();
  }
}
