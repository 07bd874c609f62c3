package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** Counts the lanes a member hosts, for tests that check a closed pool left none. */
final class CountLanes implements Callable<Integer>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  private transient HazelcastInstance member;

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public Integer call() {
    return Lanes.of(member).size();
  }
}
