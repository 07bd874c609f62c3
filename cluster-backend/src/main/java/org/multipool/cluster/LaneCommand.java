package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Tells a slot's lane on its member to skip items, to stop everything, or to end. */
final class LaneCommand implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  enum Kind {
    SKIP,
    SKIP_AND_STOP_BEGUN,
    STOP_ALL,
    CLOSE
  }

  private final Kind kind;
  private final String laneKey;
  private final String label;
  private final UUID caller;
  private final long seq;
  private final int from;
  private transient HazelcastInstance member;

  private LaneCommand(Kind kind, LaneId lane, long seq, int from) {
    this.kind = kind;
    this.laneKey = lane.key();
    this.label = lane.label();
    this.caller = lane.caller();
    this.seq = seq;
    this.from = from;
  }

  static LaneCommand skip(LaneId lane, long seq, int from, boolean stopBegun) {
    return new LaneCommand(stopBegun ? Kind.SKIP_AND_STOP_BEGUN : Kind.SKIP, lane, seq, from);
  }

  static LaneCommand stopAll(LaneId lane) {
    return new LaneCommand(Kind.STOP_ALL, lane, 0, 0);
  }

  static LaneCommand close(LaneId lane) {
    return new LaneCommand(Kind.CLOSE, lane, 0, 0);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  /**
   * Returns whether the member hosts the lane. A skip or a stop may overtake the slot's first
   * batch on the way, so it starts the lane to hold it; a close does not.
   */
  @Override
  public Boolean call() throws InterruptedException {
    Lanes lanes = Lanes.of(member);
    Lane lane = kind == Kind.CLOSE ? lanes.existing(laneKey) : lanes.lane(laneKey, label, caller);
    if (lane == null) {
      return false;
    }
    switch (kind) {
      case SKIP -> lane.skip(seq, from);
      case SKIP_AND_STOP_BEGUN -> lane.cancel(seq, from);
      case STOP_ALL -> lane.stopAll();
      case CLOSE -> lane.close();
      default -> throw new AssertionError(kind);
    }
    return true;
  }
}
