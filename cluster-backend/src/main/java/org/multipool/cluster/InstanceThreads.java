package org.multipool.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The threads of one Hazelcast instance, which Hazelcast names {@code hz.<instance name>.<role>},
 * and the wait for them to end after the instance shut down.
 *
 * <p>{@code HazelcastInstance.shutdown()} returns once it has told its threads to stop, not once
 * they have: the metrics registry's scheduler ({@code MetricsRegistryImpl.shutdown()}) is only
 * {@code shutdownNow()}, never awaited; the IO balancer and the event threads are interrupted; the
 * executors that are awaited count as terminated while their last worker is still on its way
 * out. A pool that started its instance owns those threads, and none of a pool's threads may
 * outlive its {@code close()}.
 *
 * <pre>{@code
 * String name = instance.getName();   // before: a shut-down client no longer tells its name
 * instance.shutdown();
 * InstanceThreads.awaitEnd(name, InstanceThreads.BOUND);
 * }</pre>
 */
final class InstanceThreads {
  /** How long a pool's close() waits for them: they end within milliseconds unless one is stuck. */
  static final Duration BOUND = Duration.ofSeconds(5);

  private static final Logger LOG = System.getLogger("org.multipool");

  private InstanceThreads() {}

  /**
   * Waits until no thread of the instance {@code instanceName} is alive, or {@code bound} has
   * passed; then logs a warning naming the threads that are left. Goes on through interrupts and
   * restores the interrupt status at the end, as the rest of a pool's close does.
   */
  static void awaitEnd(String instanceName, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Thread> left = threadsOf(instanceName);
    // Look again after the joins, in case a thread that was ending started another on its way out.
    while (!left.isEmpty() && deadline - System.nanoTime() > 0) {
      for (Thread thread : left) {
        Uninterruptibly.join(thread, deadline);
      }
      left = threadsOf(instanceName);
    }
    if (!left.isEmpty()) {
      LOG.log(Level.WARNING, "Hazelcast instance {0} shut down, but {1} of its threads still ran {2} later: {3}",
          instanceName, left.size(), bound, left.stream().map(Thread::getName).collect(Collectors.joining(", ")));
    }
  }

  /** The live threads named after the instance, but not those of a running instance whose name extends it. */
  private static List<Thread> threadsOf(String instanceName) {
    String prefix = prefix(instanceName);
    List<String> others = new ArrayList<>(); // "hz.a.b." is not a thread of "a"
    for (String name : runningInstanceNames()) {
      String other = prefix(name);
      if (other.startsWith(prefix) && !other.equals(prefix)) {
        others.add(other);
      }
    }
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread != Thread.currentThread())
        .filter(thread -> thread.getName().startsWith(prefix))
        .filter(thread -> others.stream().noneMatch(thread.getName()::startsWith))
        .collect(Collectors.toList());
  }

  private static List<String> runningInstanceNames() {
    List<HazelcastInstance> running = new ArrayList<>(Hazelcast.getAllHazelcastInstances());
    running.addAll(HazelcastClient.getAllHazelcastClients());
    List<String> names = new ArrayList<>();
    for (HazelcastInstance instance : running) {
      try {
        names.add(instance.getName());
      } catch (IllegalStateException e) {
        // a client that shut down since it was listed no longer tells its name; it runs nothing
      }
    }
    return names;
  }

  private static String prefix(String instanceName) {
    return "hz." + instanceName + ".";
  }
}
