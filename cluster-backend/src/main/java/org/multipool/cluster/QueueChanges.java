package org.multipool.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the calls of one JVM that wait on a cluster queue hear that it changed: one
 * {@link QueueChange} per queue, fed by an item listener registered the first time a call there has
 * to wait on that queue, and dropped when the queue is destroyed. Kept in the Hazelcast instance's
 * user context, so each member and client has its own.
 *
 * <p>Why a {@link ClusterQueue} call waits here rather than in Hazelcast's own waiting
 * {@code poll} and {@code offer}: Hazelcast parks such a call on the member that holds the queue,
 * and keeps it there until its time is up or that member sees the caller's member leave the
 * cluster, which takes a while after the caller died. Meanwhile the call still takes the first item
 * put, or puts its item in the first place freed: a member killed while its task waited in
 * {@code take} took the next item put after its death, which no task then had, and one killed while
 * its task waited in {@code put} put its item after its death. A call that only ever tries at once
 * does nothing once its member is dead.
 */
final class QueueChanges implements DistributedObjectListener {
  private static final String CONTEXT_KEY = "org.multipool.cluster.QueueChanges";

  private final ConcurrentMap<String, QueueChange> queues = new ConcurrentHashMap<>();

  private QueueChanges() {}

  static QueueChanges of(HazelcastInstance hazelcast) {
    return (QueueChanges) hazelcast.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> {
      QueueChanges changes = new QueueChanges();
      hazelcast.addDistributedObjectListener(changes);
      return changes;
    });
  }

  /**
   * The changes of {@code queue}, each of which is heard of from the moment this returns.
   *
   * @throws InterruptedException if interrupted while the listener is registered
   */
  QueueChange of(IQueue<?> queue) throws InterruptedException {
    QueueChange change = queues.computeIfAbsent(queue.getName(), name -> new QueueChange(queue.getServiceName()));
    change.listenTo(queue); // outside computeIfAbsent: it calls the cluster
    return change;
  }

  /** The pool destroys the queue next: its listener goes first, and calls that wait wake up. */
  void forget(String queueName) {
    QueueChange change = queues.remove(queueName);
    if (change != null) {
      change.stopListening();
    }
  }

  @Override
  public void distributedObjectCreated(DistributedObjectEvent event) {}

  /** A queue destroyed elsewhere: Hazelcast removed its listeners, so nothing more is heard of it. */
  @Override
  public void distributedObjectDestroyed(DistributedObjectEvent event) {
    String name = String.valueOf(event.getObjectName());
    QueueChange change = queues.get(name);
    if (change != null && change.serviceName().equals(event.getServiceName()) && queues.remove(name, change)) {
      change.retire();
    }
  }
}
