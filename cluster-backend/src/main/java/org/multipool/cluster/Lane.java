package org.multipool.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.UUID;
import org.multipool.SerializationException;
import org.multipool.Task;
import org.multipool.spi.remote.OrderedBatchRunner;
import org.multipool.spi.remote.Stopping;

/**
 * One slot of a pool, on the member that hosts it: a thread of its own that runs the slot's
 * batches in an {@link OrderedBatchRunner}, after running the initializer once.
 *
 * <p>The runner does what every far side does: batches in the order the caller numbered them
 * (two calls can overtake each other on the way), skips that come before their batch, and a
 * {@code cancel(true)} or a task timeout that interrupts only the item it is meant for. A member
 * cannot be killed for a task that ignores the interrupt, so that task runs on to its end
 * ({@link Stopping#interruptOnly()}). Whether a batch begins here at all is decided by its marker
 * ({@link LaneBatch#claim()}), which the caller claims to take it back or to settle a loss.
 */
final class Lane {
  /** The lane whose thread reads a batch now: shared objects in it bind to this member. */
  private static final ThreadLocal<Lane> READING = new ThreadLocal<>();

  private final String key;
  private final String label;
  /** The member whose pool this slot serves, or null for a pool on a client. */
  private final UUID caller;
  private final Lanes owner;
  private final ClassLoader loader;
  private final Thread thread;
  private final OrderedBatchRunner<LaneBatch> runner;

  // Only the lane's thread touches these.
  private boolean initialized;
  private Throwable initFailure;

  Lane(String key, String label, UUID caller, Lanes owner, ClassLoader loader) {
    this.key = key;
    this.label = label;
    this.caller = caller;
    this.owner = owner;
    this.loader = loader;
    this.runner = new OrderedBatchRunner<>(new LaneSink(label, owner.memberName()), owner.stops(),
        Stopping.interruptOnly());
    this.thread = new Thread(this::run, label);
    thread.setDaemon(true); // a member's own threads decide when its JVM ends
    thread.setContextClassLoader(loader);
  }

  void start() {
    thread.start();
  }

  String key() {
    return key;
  }

  String label() {
    return label;
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
  boolean poolRuns() {
    return runner.takesWork();
  }

  /** Hands over a batch; its outcome completes once it ran, or at once if the lane has ended. */
  void offer(LaneBatch batch) {
    if (!runner.offer(batch)) {
      batch.outcome().completeExceptionally(new IllegalStateException("Slot " + label + " was closed"));
    }
  }

  /** Leaves out the items of batch {@code seq} from {@code from} on; one that runs runs on. */
  void skip(long seq, int from) {
    runner.skip(seq, from);
  }

  /** As {@link #skip}, and interrupts the item that runs if it is one of them: a {@code cancel(true)}. */
  void cancel(long seq, int from) {
    runner.cancel(seq, from); // never kills: a member cannot be
  }

  /** The pool is terminating: nothing more begins, and the task that runs is interrupted. */
  void stopAll() {
    runner.stopAll();
  }

  /** Ends the lane without waiting: its caller left the cluster, or this member shuts down. */
  void abandon() {
    runner.abandon();
  }

  /** Ends the lane once what it holds has run, and waits for its thread. */
  void close() throws InterruptedException {
    runner.close();
    thread.join();
  }

  private void run() {
    try {
      runner.run();
    } catch (IOException e) {
      throw new AssertionError("A lane's sink throws no IOException", e);
    } finally {
      owner.ended(this);
    }
  }

  // ---- what a batch needs when its turn comes, on the lane's thread ----

  /**
   * Reads a batch's function and items, in turn, up to the first it cannot read; shared objects
   * among them bind to this member.
   */
  Outcomes.ReadAll read(byte[] payload) {
    READING.set(this);
    try {
      return Outcomes.deserializeAll(payload, loader);
    } finally {
      READING.remove();
    }
  }

  /** Why this member cannot read what a batch holds, as the items that hold it fail. */
  SerializationException cannotRead(Exception e) {
    return new SerializationException("Member " + owner.memberName() + " cannot read this task: "
        + Outcomes.describe(e) + (e instanceof DeserializationFilter.Refused ? ""
            : ". Put the application's classes on the class path of every member"), e);
  }

  /** Runs the pool's initializer before the lane's first batch; its failure, if it failed, for every batch. */
  Throwable initializeOnce(byte[] initializer) {
    if (!initialized) {
      initialized = true;
      initFailure = initialize(initializer);
    }
    return initFailure;
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
    } finally {
      Thread.interrupted(); // an interrupt meant for the initializer must not reach the first task
    }
  }

  @Override
  public String toString() {
    return "Lane[" + label + "]";
  }
}
