package org.multipool.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.spi.remote.RemoteBatch;

/**
 * One batch of a slot as its member received it, for the lane's
 * {@link org.multipool.spi.remote.OrderedBatchRunner}: the bytes of its function and items, the
 * claim on its marker that decides whether it begins here, and the outcome its {@link RunBatch}
 * call waits for, which {@link LaneSink} fills item by item.
 */
final class LaneBatch extends RemoteBatch {
  private final Lane lane;
  private final byte[] payload;
  private final byte[] initializer;
  /** Claims the batch's marker for this member: false if the caller claimed it first. */
  private final BooleanSupplier claimMarker;
  private final CompletableFuture<byte[]> outcome = new CompletableFuture<>();

  // Only the lane's thread touches these, from the batch's turn on.
  /** One outcome per item: a result, {@link Outcomes.Failed} or {@link Outcomes.Skipped}. */
  final Object[] outcomes;
  /** When the batch began, for the time the member spent on it. */
  long beganNanos;
  /** The pool's initializer failed on this member: the batch's outcome says so, not its items'. */
  Throwable initializerFailure;
  /** The marker could not be claimed: it is unknown whether the caller did, so the call fails. */
  RuntimeException claimFailure;
  private TaskFunction<Object, Object> function;
  /** The function, then the items, as read. */
  private Object[] items;
  /** The first item that could not be read, or the batch's size; it and those after it fail. */
  private int unreadableFrom;
  private SerializationException unreadable;

  LaneBatch(Lane lane, long seq, int size, int skipFrom, long timeoutNanos, byte[] payload, byte[] initializer,
      BooleanSupplier claimMarker) {
    super(seq, size, skipFrom, timeoutNanos);
    this.lane = lane;
    this.payload = payload;
    this.initializer = initializer;
    this.claimMarker = claimMarker;
    this.outcomes = new Object[size];
  }

  /** What the {@link RunBatch} call returns: the serialized {@link BatchOutcome}. */
  CompletableFuture<byte[]> outcome() {
    return outcome;
  }

  /** The member's claim on the marker, which the caller also claims to take the batch back or settle a loss. */
  @Override
  protected boolean claim() {
    try {
      return claimMarker.getAsBoolean();
    } catch (RuntimeException e) { // the cluster is going away: the caller hears of it from the call
      claimFailure = e;
      return false;
    }
  }

  /** Reads the function and items, and runs the pool's initializer if this is the lane's first batch. */
  @Override
  protected Throwable open() {
    Outcomes.ReadAll read = lane.read(payload);
    if (read.read() == 0) {
      return lane.cannotRead(read.failure()); // not even the function: every item that may begin fails
    }
    @SuppressWarnings("unchecked")
    TaskFunction<Object, Object> fn = (TaskFunction<Object, Object>) read.values()[0];
    function = fn;
    items = read.values();
    unreadableFrom = read.read() - 1; // items are values 1, 2, ...: the first unread one, or size
    unreadable = read.failure() == null ? null : lane.cannotRead(read.failure());
    initializerFailure = lane.initializeOnce(initializer);
    return initializerFailure;
  }

  @Override
  protected Object call(int index) throws Exception {
    if (index >= unreadableFrom) {
      throw unreadable; // it fails at its own index (semantics 3); those before it ran
    }
    return function.apply(items[index + 1]);
  }
}
