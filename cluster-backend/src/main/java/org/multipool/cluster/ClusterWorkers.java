package org.multipool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.BrokenPoolException;
import org.multipool.SerializationException;
import org.multipool.WorkerCrashedException;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.SharedObjects;
import org.multipool.spi.WorkSource;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerGroup;

/**
 * The slots of one pool, spread over the cluster's members: where each goes, what happens when a
 * member joins or leaves, and what the pool made in the cluster, which {@link #close()} removes.
 */
final class ClusterWorkers implements WorkerGroup, MembershipListener {
  private final PoolConfig config;
  private final WorkSource work;
  private final ClusterConnection connection;
  private final HazelcastInstance hazelcast;
  private final String poolId;
  private final PoolObjects objects;
  private final ClusterSharedObjects shared;
  private final ClassLoader loader;
  private final byte[] initializer;
  private final long timeoutNanos;
  private final UUID caller;
  private final UUID listener;
  /** Handles members joining and leaving, off Hazelcast's event threads, one event at a time. */
  private final ThreadPoolExecutor membership;
  private final AtomicInteger slotNumbers = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final List<ClusterSlot> slots = new ArrayList<>(); // guarded by itself
  /**
   * Members this pool saw leave or could not reach. A client keeps listing a member it lost until
   * it gives up on its cluster; no slot goes there meanwhile, where every batch would be lost.
   */
  private final Set<UUID> departed = ConcurrentHashMap.newKeySet();
  /** A moving average of a batch's trip to its member and back; racy updates only lose a sample. */
  private volatile long tripNanos = 1_000_000;

  private ClusterWorkers(PoolConfig config, WorkSource work, ClusterConnection connection) {
    this.config = config;
    this.work = work;
    this.connection = connection;
    this.hazelcast = connection.instance();
    this.poolId = config.name() + "-" + UUID.randomUUID();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : ClusterWorkers.class.getClassLoader();
    this.initializer = config.initializer() == null ? null : serializeInitializer(config);
    this.timeoutNanos = config.taskTimeout() == null ? 0 : saturatedNanos(config);
    this.objects = new PoolObjects(hazelcast, poolId);
    this.shared = new ClusterSharedObjects(hazelcast, poolId, config.name());
    this.caller = localUuid(hazelcast);
    this.membership = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        task -> newThread(config.name() + "-membership", task));
    this.listener = hazelcast.getCluster().addMembershipListener(this);
  }

  /** Starts the pool's slots on the members of the cluster {@code connection} reaches. */
  static ClusterWorkers start(PoolConfig config, WorkSource work, ClusterConnection connection) {
    ClusterWorkers workers = new ClusterWorkers(config, work, connection);
    try {
      if (workers.members().isEmpty()) {
        throw new IllegalStateException("The cluster has no member that can run tasks");
      }
      for (int i = 0; i < config.workers(); i++) {
        workers.startSlot();
      }
      return workers;
    } catch (RuntimeException e) {
      workers.releaseCluster();
      throw e;
    }
  }

  // ---- slots ----

  /** Starts one slot on the member that hosts the fewest; false if the pool needs no more. */
  private boolean startSlot() {
    Member member = leastLoaded();
    if (member == null) {
      work.broken(new BrokenPoolException(hazelcast.getLifecycleService().isRunning()
          ? "Every member of the cluster left or cannot be reached, so pool " + config.name() + " has nowhere to run its tasks"
          : "The Hazelcast instance of pool " + config.name() + " shut down, so the pool has no way to"
              + " reach its cluster", null));
      return false;
    }
    String label = config.name() + "-slot-" + slotNumbers.incrementAndGet();
    ClusterSlot slot = new ClusterSlot(this, member, new LaneId(LaneId.keyOf(poolId, label), label, caller),
        config.maxTasksPerWorker());
    RemoteWorker worker = work.newRemoteWorker(label, slot);
    if (worker == null) {
      return false;
    }
    synchronized (slots) {
      slots.add(slot);
    }
    slot.start(worker);
    return true;
  }

  /** Starts the slot that takes over from one that moves, retires or lost its member. */
  void startReplacement() {
    startSlot();
  }

  void slotEnded(ClusterSlot slot) {
    synchronized (slots) {
      slots.remove(slot);
    }
  }

  private Member leastLoaded() {
    List<Member> members = members();
    if (members.isEmpty()) {
      return null;
    }
    Map<Member, Integer> load = new HashMap<>();
    members.forEach(member -> load.put(member, 0));
    synchronized (slots) {
      for (ClusterSlot slot : slots) {
        if (slot.placed()) {
          load.computeIfPresent(slot.member(), (member, count) -> count + 1);
        }
      }
    }
    return members.stream().min(Comparator.comparing(load::get)).orElseThrow();
  }

  /** The members that can run tasks, in a stable order; none once this pool's instance is down. */
  private List<Member> members() {
    List<Member> members = new ArrayList<>();
    Set<Member> all;
    try {
      all = hazelcast.getCluster().getMembers();
    } catch (RuntimeException e) { // a client that gave up on its cluster, or a member shut down
      return members;
    }
    for (Member member : all) {
      if (!member.isLiteMember() && !departed.contains(member.getUuid())) {
        members.add(member);
      }
    }
    members.sort(Comparator.comparing(member -> member.getUuid().toString()));
    return members;
  }

  // ---- members joining and leaving ----

  @Override
  public void memberAdded(MembershipEvent event) {
    departed.remove(event.getMember().getUuid()); // back, as far as the cluster is concerned
    handle(this::rebalance);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    handle(() -> memberLeft(event.getMember()));
  }

  /** Runs a membership change off Hazelcast's event thread; one that comes after close() is moot. */
  private void handle(Runnable change) {
    try {
      membership.execute(change);
    } catch (RejectedExecutionException e) {
      // the pool has ended: no slot is left to move
    }
  }

  /** Moves slots from members that host more than their share to those that host fewer. */
  private void rebalance() {
    List<Member> members = members();
    if (members.isEmpty()) {
      return;
    }
    int share = (config.workers() + members.size() - 1) / members.size();
    Map<Member, List<ClusterSlot>> byMember = new HashMap<>();
    synchronized (slots) {
      for (ClusterSlot slot : slots) {
        if (slot.placed()) {
          byMember.computeIfAbsent(slot.member(), member -> new ArrayList<>()).add(slot);
        }
      }
    }
    for (List<ClusterSlot> hosted : byMember.values()) {
      for (int i = share; i < hosted.size(); i++) {
        hosted.get(i).retire(); // its replacement goes where the fewest slots are
      }
    }
  }

  /**
   * Loses every slot the member hosted; each starts its replacement on the members that remain.
   * All of them stop taking work before any reports a loss, so that no task submitted after a
   * loss was reported goes to the member that is gone.
   */
  void memberLeft(Member member) {
    departed.add(member.getUuid());
    List<ClusterSlot> hosted = new ArrayList<>();
    synchronized (slots) {
      for (ClusterSlot slot : slots) {
        if (slot.member().equals(member)) {
          hosted.add(slot);
        }
      }
    }
    hosted.removeIf(slot -> !slot.stopOnLoss());
    hosted.forEach(ClusterSlot::settleLoss);
  }

  /**
   * Whether a failed call means that the member is gone or cannot be reached, rather than that the
   * task failed. If this pool's own instance has shut down, the pool is broken.
   */
  boolean memberGoneOrUnreachable(Member member, Throwable failure) {
    if (!hazelcast.getLifecycleService().isRunning()) { // a client that gave up on its cluster, too
      work.broken(new BrokenPoolException("The Hazelcast instance of pool " + config.name() + " shut down", failure));
      return true;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof MemberLeftException || cause instanceof TargetNotMemberException
          || cause instanceof TargetDisconnectedException || cause instanceof HazelcastInstanceNotActiveException) {
        return true;
      }
    }
    return !members().contains(member);
  }

  WorkerCrashedException crashOf(Member member, String slot) {
    String pid = member.getAttribute(ClusterConfigs.PID_ATTRIBUTE);
    return new WorkerCrashedException("Member " + member.getAddress() + " left the cluster while worker " + slot
        + " ran this task there", pid == null ? -1 : Long.parseLong(pid), -1);
  }

  void initializerFailed(Member member, Throwable failure) {
    work.broken(new BrokenPoolException("The initializer of pool " + config.name() + " failed on member "
        + member.getAddress() + ": " + failure, failure));
  }

  // ---- what slots need ----

  void tripTook(long nanos) {
    if (nanos > 0) {
      tripNanos = (7 * tripNanos + nanos) / 8;
    }
  }

  @Override
  public long batchTripNanos() {
    return tripNanos;
  }

  /** Hazelcast queues and maps, named after the pool. */
  @Override
  public SharedObjects sharedObjects(String poolName) {
    return shared;
  }

  @Override
  public Object prepare(Batch batch) {
    return encode(batch);
  }

  byte[] payloadOf(Batch batch) {
    Object prepared = batch.prepared();
    return prepared != null ? (byte[]) prepared : encode(batch);
  }

  private static byte[] encode(Batch batch) {
    List<Object> values = new ArrayList<>(batch.size() + 1); // the function, then each item: read in turn
    values.add(batch.function());
    for (int i = 0; i < batch.size(); i++) {
      values.add(batch.item(i));
    }
    try {
      return Outcomes.serializeAll(values);
    } catch (IOException e) {
      throw new SerializationException("Cannot send the task to the cluster: " + Outcomes.describe(e), e);
    }
  }

  PoolObjects objects() {
    return objects;
  }

  byte[] initializer() {
    return initializer;
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  ClassLoader loader() {
    return loader;
  }

  Thread newThread(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  // ---- the end ----

  /**
   * Called once every slot has exited: stops listening, waits for this pool's threads, destroys
   * what it made in the cluster, and shuts down the instance if the pool started it.
   */
  @Override
  public void close() {
    try {
      hazelcast.getCluster().removeMembershipListener(listener);
    } catch (RuntimeException e) {
      // the instance is down already (a client says so with an IllegalStateException)
    }
    membership.shutdown();
    Uninterruptibly.awaitTermination(membership);
    threads.forEach(Uninterruptibly::join);
    releaseCluster();
  }

  private void releaseCluster() {
    try {
      shared.destroy();
      objects.destroy();
    } finally {
      connection.release();
    }
  }

  // ---- setup ----

  /** The UUID members know this JVM's instance by: a member's, or a client's. */
  private static UUID localUuid(HazelcastInstance hazelcast) {
    return hazelcast.getLocalEndpoint().getUuid();
  }

  private static byte[] serializeInitializer(PoolConfig config) {
    try {
      return Outcomes.serialize(config.initializer());
    } catch (IOException e) {
      throw new SerializationException("Cannot send the initializer to the cluster: " + Outcomes.describe(e), e);
    }
  }

  private static long saturatedNanos(PoolConfig config) {
    try {
      return config.taskTimeout().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
