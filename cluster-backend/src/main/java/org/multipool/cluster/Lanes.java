package org.multipool.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.multipool.spi.remote.StopTimer;

/**
 * The lanes a member hosts, kept in the member's user context so each member has its own. A lane
 * ends when its pool closes it; it is abandoned when the member that runs its pool leaves the
 * cluster, or when this member shuts down. The lanes share one thread that delivers their
 * interrupts and task timeouts; it ends when the member shuts down.
 */
final class Lanes implements MembershipListener {
  private static final String CONTEXT_KEY = "org.multipool.cluster.Lanes";

  private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final HazelcastInstance member;
  private final String memberName;
  private final ClassLoader loader;
  private final StopTimer stops;

  private Lanes(HazelcastInstance member, String memberName, ClassLoader loader) {
    this.member = member;
    this.memberName = memberName;
    this.loader = loader;
    this.stops = new StopTimer("multipool-lane-stops-" + memberName);
  }

  static Lanes of(HazelcastInstance member) {
    return (Lanes) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> {
      ClassLoader configured = member.getConfig().getClassLoader();
      Lanes lanes = new Lanes(member, member.getCluster().getLocalMember().getAddress().toString(),
          configured != null ? configured : Lanes.class.getClassLoader());
      member.getCluster().addMembershipListener(lanes);
      member.getLifecycleService().addLifecycleListener(event -> {
        if (event.getState() == LifecycleState.SHUTTING_DOWN) {
          lanes.lanes.values().forEach(Lane::abandon);
          lanes.stops.close(); // interrupts already handed over are still delivered
        }
      });
      return lanes;
    });
  }

  /** The lane of {@code key}, started on first use. */
  Lane lane(String key, String label, UUID caller) {
    Lane[] started = new Lane[1];
    Lane lane = lanes.computeIfAbsent(key, k -> started[0] = new Lane(k, label, caller, this, loader));
    if (lane == started[0]) {
      lane.start();
    }
    return lane;
  }

  /** The lane of {@code key}, or null if this member hosts none. */
  Lane existing(String key) {
    return lanes.get(key);
  }

  void ended(Lane lane) {
    lanes.remove(lane.key(), lane);
  }

  HazelcastInstance member() {
    return member;
  }

  String memberName() {
    return memberName;
  }

  /** Delivers the lanes' interrupts and task timeouts. */
  StopTimer stops() {
    return stops;
  }

  /** How many lanes this member hosts now. */
  int size() {
    return lanes.size();
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    UUID gone = event.getMember().getUuid();
    for (Lane lane : lanes.values()) {
      if (gone.equals(lane.caller())) {
        lane.abandon(); // its pool's JVM is gone: nobody will close it
      }
    }
  }
}
