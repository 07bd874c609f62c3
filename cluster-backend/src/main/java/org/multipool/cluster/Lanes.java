package org.multipool.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.multipool.spi.remote.StopTimer;

/**
 * The lanes a member hosts, kept in the member's user context so each member has its own. A lane
 * ends when its pool closes it; it is abandoned when this member shuts down, or when its pool's
 * JVM leaves the cluster without closing it (killed, say): a member that runs the pool leaves the
 * cluster, or a client that runs it disconnects and is still away after {@link #CLIENT_GRACE}.
 * Then the member also destroys what that pool made in the cluster (its executor, its marker map,
 * its queues and maps), since nobody else will. The lanes share one thread that delivers their
 * interrupts and task timeouts; it ends when the member shuts down.
 */
final class Lanes implements MembershipListener, ClientListener {
  private static final String CONTEXT_KEY = "org.multipool.cluster.Lanes";
  /** How long a client may be away before its pools count as gone: it may be reconnecting. */
  static final Duration CLIENT_GRACE = Duration.ofSeconds(5);

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
      member.getClientService().addClientListener(lanes);
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
    inBackground("left", () -> callerLeft(gone)); // a member that left never comes back with its UUID
  }

  @Override
  public void clientConnected(Client client) {}

  @Override
  public void clientDisconnected(Client client) {
    UUID gone = client.getUuid();
    inBackground("disconnected", () -> {
      try {
        Thread.sleep(CLIENT_GRACE.toMillis()); // it may reconnect, to this member or another
      } catch (InterruptedException e) {
        return; // nobody interrupts this thread but the JVM's end
      }
      if (member.getLifecycleService().isRunning() && member.getClientService().getConnectedClients().stream()
          .noneMatch(connected -> connected.getUuid().equals(gone))) {
        callerLeft(gone);
      }
    });
  }

  /**
   * The JVM {@code gone} runs pools in left for good: abandons their lanes, and destroys what those
   * pools made in the cluster. Each member that hosted one of their lanes does it; destroying twice
   * is harmless.
   */
  private void callerLeft(UUID gone) {
    Set<String> pools = new HashSet<>();
    for (Lane lane : lanes.values()) {
      if (gone.equals(lane.caller())) {
        lane.abandon(); // its pool's JVM is gone: nobody will close it
        pools.add(LaneId.poolOf(lane.key(), lane.label()));
      }
    }
    if (pools.isEmpty()) {
      return;
    }
    for (DistributedObject object : member.getDistributedObjects()) {
      if (pools.stream().anyMatch(pool -> object.getName().contains(pool))) { // a pool id holds a UUID
        try {
          object.destroy();
        } catch (RuntimeException e) {
          // this member is shutting down, and what it holds goes with it
        }
      }
    }
  }

  /** Runs {@code body} on a thread of its own: Hazelcast's event threads must not wait for the cluster. */
  private void inBackground(String why, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        // the member is shutting down: what the pools made goes with it
      }
    }, "multipool-caller-" + why + "-" + memberName);
    thread.setDaemon(true);
    thread.start();
  }
}
