package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multipool.SerializationException;
import org.multipool.Task;
import org.multipool.TaskFunction;
import org.multipool.TaskTimeoutException;

/**
 * One slot of a pool, on the member that hosts it: a thread of its own that runs the slot's
 * batches one at a time, in the order the caller sent them, after running the initializer once.
 *
 * <p>Batches may arrive out of order (two submits can overtake each other on the way); each waits
 * for its turn. Stopping a task follows the thread backend: an interrupt is sent under this
 * object's lock, only while the item it is meant for runs, and cleared before the next item.
 */
final class Lane implements Runnable {
  private static final ScheduledExecutorService TIMEOUTS = timeoutThread();
  /** The lane whose thread reads a batch now: shared objects in it bind to this member. */
  private static final ThreadLocal<Lane> READING = new ThreadLocal<>();

  /** One batch the caller sent, and what became of it. */
  static final class Work {
    final long seq;
    final int size;
    final byte[] payload;
    final byte[] initializer;
    final long timeoutNanos;
    /** Whether the caller still counts on this batch; false once it gave it to another member. */
    final BooleanSupplier mayBegin;
    final CompletableFuture<byte[]> outcome = new CompletableFuture<>();
    int skipFrom = Integer.MAX_VALUE; // guarded by the lane

    Work(long seq, int size, byte[] payload, byte[] initializer, long timeoutNanos, BooleanSupplier mayBegin) {
      this.seq = seq;
      this.size = size;
      this.payload = payload;
      this.initializer = initializer;
      this.timeoutNanos = timeoutNanos;
      this.mayBegin = mayBegin;
    }
  }

  private final String key;
  private final String label;
  /** The member whose pool this slot serves, or null for a pool on a client. */
  private final UUID caller;
  private final Lanes owner;
  private final ClassLoader loader;
  private final Thread thread;

  // Guarded by this.
  private final Map<Long, Work> arrived = new HashMap<>();
  /** Skips that came before their batch. */
  private final Map<Long, Integer> earlySkips = new HashMap<>();
  private long next;
  private boolean closed;
  /** Set when the pool terminates: nothing that arrives after it begins. */
  private boolean stopped;
  private Work running;
  private int runningIndex = -1;
  private boolean timedOut;

  // Only the lane's thread touches these.
  private boolean initialized;
  private Throwable initFailure;

  Lane(String key, String label, UUID caller, Lanes owner, ClassLoader loader) {
    this.key = key;
    this.label = label;
    this.caller = caller;
    this.owner = owner;
    this.loader = loader;
    this.thread = new Thread(this, label);
    thread.setDaemon(true); // a member's own threads decide when its JVM ends
    thread.setContextClassLoader(loader);
  }

  void start() {
    thread.start();
  }

  String key() {
    return key;
  }

  UUID caller() {
    return caller;
  }

  /** The lane whose thread reads a batch's tasks now, or null on any other thread. */
  static Lane reading() {
    return READING.get();
  }

  /** The member that hosts the lane. */
  HazelcastInstance member() {
    return owner.member();
  }

  /** Whether the lane's pool still runs: not terminating, and the lane not closed. */
  synchronized boolean poolRuns() {
    return !closed && !stopped;
  }

  /** Ends the lane without waiting: its caller left the cluster, or this member shuts down. */
  synchronized void abandon() {
    stopAll();
    closed = true;
    notifyAll();
  }

  /** Hands over a batch; its outcome completes once it ran. */
  synchronized void offer(Work work) {
    if (closed) {
      work.outcome.completeExceptionally(new IllegalStateException("Slot " + label + " was closed"));
      return;
    }
    Integer early = earlySkips.remove(work.seq);
    if (early != null) {
      work.skipFrom = early;
    }
    if (stopped) {
      work.skipFrom = 0;
    }
    arrived.put(work.seq, work);
    notifyAll();
  }

  /**
   * Leaves out the items of batch {@code seq} from {@code from} on; if {@code stopBegun}, also
   * stops one of them that runs now.
   */
  synchronized void skip(long seq, int from, boolean stopBegun) {
    Work work = running != null && running.seq == seq ? running : arrived.get(seq);
    if (work == null) {
      if (seq >= next) {
        earlySkips.merge(seq, from, Math::min);
      }
      return;
    }
    work.skipFrom = Math.min(work.skipFrom, from);
    if (stopBegun && work == running && runningIndex >= from) {
      thread.interrupt();
    }
  }

  /** The pool is terminating: nothing more begins, and the task that runs is interrupted. */
  synchronized void stopAll() {
    stopped = true;
    for (Work work : arrived.values()) {
      work.skipFrom = 0;
    }
    if (running != null) {
      running.skipFrom = 0;
      if (runningIndex >= 0) {
        thread.interrupt();
      }
    }
  }

  /** Ends the lane once what it holds has run, and waits for its thread. */
  void close() throws InterruptedException {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    thread.join();
  }

  @Override
  public void run() {
    try {
      Work work;
      while ((work = nextWork()) != null) {
        byte[] outcome;
        try {
          outcome = runBatch(work);
        } catch (IOException | RuntimeException e) {
          work.outcome.completeExceptionally(e);
          continue;
        } finally {
          synchronized (this) {
            running = null;
            runningIndex = -1;
          }
          Thread.interrupted(); // a stop meant for this batch must not reach the next
        }
        work.outcome.complete(outcome);
      }
    } finally {
      owner.ended(this);
      failLeftovers();
    }
  }

  /** Waits for the batch whose turn it is; null once the lane is closed and holds nothing. */
  private synchronized Work nextWork() {
    while (!arrived.containsKey(next)) {
      if (closed) {
        return null;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        // a stop that came after its item ended; nothing runs now
      }
    }
    Work work = arrived.remove(next);
    next++;
    running = work;
    return work;
  }

  private synchronized void failLeftovers() {
    closed = true;
    for (Work work : arrived.values()) {
      work.outcome.completeExceptionally(new IllegalStateException("Slot " + label + " ended"));
    }
    arrived.clear();
  }

  private byte[] runBatch(Work work) throws IOException {
    if (!work.mayBegin.getAsBoolean()) {
      return BatchOutcome.notRun(); // the caller gave it to another member
    }
    Object[] unpacked;
    READING.set(this);
    try {
      unpacked = (Object[]) Outcomes.deserialize(work.payload, loader);
    } catch (ClassNotFoundException | IOException e) {
      SerializationException missing = new SerializationException("Member " + owner.memberName()
          + " cannot read this task: " + Outcomes.describe(e) + ". Put the application's classes on the"
          + " class path of every member", e);
      return BatchOutcome.allFailed(missing, work.size);
    } finally {
      READING.remove();
    }
    @SuppressWarnings("unchecked")
    TaskFunction<Object, Object> function = (TaskFunction<Object, Object>) unpacked[0];
    List<?> items = (List<?>) unpacked[1];
    if (!initialized) {
      initialized = true;
      initFailure = initialize(work.initializer);
    }
    if (initFailure != null) {
      return BatchOutcome.initializerFailed(initFailure);
    }
    long began = System.nanoTime();
    Object[] outcomes = new Object[items.size()];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = runItem(work, function, items.get(i), i);
      if (outcomes[i] instanceof Outcomes.Failed) {
        // A batch stops at its first failure: map fails at its lowest failed item and an imap
        // stream ends there, so the items after it could not change the outcome.
        synchronized (this) {
          work.skipFrom = Math.min(work.skipFrom, i + 1);
        }
      }
    }
    return BatchOutcome.encode(outcomes, System.nanoTime() - began);
  }

  private Throwable initialize(byte[] initializer) {
    if (initializer == null) {
      return null;
    }
    try {
      ((Task<?>) Outcomes.deserialize(initializer, loader)).call();
      return null;
    } catch (Throwable t) { // whatever it is, it breaks the pool, not the member
      return t;
    }
  }

  private Object runItem(Work work, TaskFunction<Object, Object> function, Object item, int index) {
    synchronized (this) {
      if (index >= work.skipFrom) {
        return Outcomes.Skipped.SKIPPED;
      }
      runningIndex = index;
      timedOut = false;
    }
    ScheduledFuture<?> deadline = work.timeoutNanos > 0
        ? TIMEOUTS.schedule(() -> expire(work, index), work.timeoutNanos, TimeUnit.NANOSECONDS)
        : null;
    Object outcome;
    try {
      outcome = function.apply(item);
    } catch (Throwable t) { // every failure belongs to its task, not to the member
      outcome = new Outcomes.Failed(t);
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    boolean expired;
    synchronized (this) {
      expired = timedOut;
      runningIndex = -1;
    }
    Thread.interrupted(); // a stop for the item that just ended must not reach the next one
    if (expired) {
      return new Outcomes.Failed(new TaskTimeoutException("A task ran longer than the task timeout of "
          + Duration.ofNanos(work.timeoutNanos) + " on worker " + label + " (member " + owner.memberName() + ")"));
    }
    return outcome;
  }

  private synchronized void expire(Work work, int index) {
    if (running == work && runningIndex == index && !timedOut) {
      timedOut = true;
      thread.interrupt();
    }
  }

  private static ScheduledExecutorService timeoutThread() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "multipool-cluster-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // most deadlines are cancelled long before they are due
    return timer;
  }

  @Override
  public String toString() {
    return "Lane[" + label + "]";
  }
}
