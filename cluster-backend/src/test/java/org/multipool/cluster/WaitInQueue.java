package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Runs on a member: binds a handle of a cluster queue there, as a task's handle binds, says so in
 * the map {@link #WAITING}, then waits in {@code take}, or in {@code put} of {@code item}.
 */
final class WaitInQueue implements Callable<String>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  static final String WAITING = "wait-in-queue-waiting";

  /** The queue's name and capacity: a {@link ClusterRef} itself is read back only in a pool's lane. */
  private final String name;
  private final int capacity;
  /** What to put; null to take. */
  private final String item;
  private transient HazelcastInstance member;

  private WaitInQueue(ClusterRef queue, String item) {
    this.name = queue.name();
    this.capacity = queue.capacity();
    this.item = item;
  }

  static WaitInQueue take(ClusterRef queue) {
    return new WaitInQueue(queue, null);
  }

  static WaitInQueue put(ClusterRef queue, String item) {
    return new WaitInQueue(queue, item);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public String call() throws InterruptedException {
    @SuppressWarnings("unchecked")
    ClusterQueue<String> handle = (ClusterQueue<String>) new ClusterRef(name, true, capacity, name).bind(member, () -> true);
    member.getMap(WAITING).put(name, Boolean.TRUE);
    if (item == null) {
      return handle.take();
    }
    handle.put(item);
    return item;
  }
}
