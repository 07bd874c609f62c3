package org.multipool.process.pool;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.multipool.RemoteTaskException;
import org.multipool.SharedMap;
import org.multipool.SharedMap.Merge;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.SharedCallFrame;
import org.multipool.process.wire.SharedOp;
import org.multipool.process.wire.SharedReplyFrame.Status;
import org.multipool.process.wire.SharedValues;
import org.multipool.spi.ReservableQueue;
import org.multipool.spi.SharedObjectChecks;

/**
 * Serves the calls tasks on worker JVMs make on the pool's shared objects, in the pool's JVM.
 *
 * <p>A call is served on the reader thread of the worker that made it, without waiting: most find
 * room or an item at once, and a hop costs no thread switch. A call that would wait goes to a
 * thread of its own, so that the reader goes on reading the worker's outcomes, and is tracked by
 * the worker's {@link WorkerCalls}, which stops it if the worker asks or dies. A put on credit (a
 * place set aside for the worker, see {@link ProcessSharedObjects}) and credit given back are not
 * answered at all.
 */
final class SharedCallServer {
  private static final byte[] NOTHING = new byte[0];
  private static final byte[] NOT_ADDED = {0, 0, 0, 0, 0};
  /** Says that a call would have waited; compared by identity. */
  private static final byte[] WOULD_WAIT = new byte[0];

  private final ProcessSharedObjects objects;

  SharedCallServer(ProcessSharedObjects objects) {
    this.objects = objects;
  }

  /**
   * Serves {@code call}, which arrived on {@code worker}'s reader thread.
   *
   * @throws ProtocolException if the worker put an item on credit it does not have
   */
  void serve(SharedCallFrame call, WorkerCalls worker) throws ProtocolException {
    if (!call.op().answered()) {
      serveUnanswered(call, worker);
      return;
    }
    byte[] done;
    try {
      done = worker.runNow(() -> {
        byte[] answer = run(call, false, worker);
        return answer != null ? answer : WOULD_WAIT;
      });
    } catch (RuntimeException | Error | InterruptedException e) { // a call that does not wait is not interrupted
      worker.reply(call.call(), Status.FAILED, encodeFailure(e));
      return;
    }
    if (done == null) { // the worker was stopped: its task has ended, and what it asks for now never happens
      worker.reply(call.call(), Status.INTERRUPTED, NOTHING);
      return;
    }
    if (done != WOULD_WAIT) {
      worker.reply(call.call(), Status.OK, done);
      return;
    }
    WorkerCalls.Waiting waiting = worker.waiting(call.call());
    try {
      objects.waits().execute(() -> waiting.run(() -> run(call, true, worker), this::encodeFailure));
    } catch (RejectedExecutionException e) { // the objects closed meanwhile
      worker.ended(waiting);
      worker.reply(call.call(), Status.FAILED, encodeFailure(SharedObjectChecks.closed(call.object())));
    }
  }

  /** A put on credit, or credit given back: the worker waits for no answer. */
  private void serveUnanswered(SharedCallFrame call, WorkerCalls worker) throws ProtocolException {
    Object object = objects.served(call.object());
    if (call.op() == SharedOp.QUEUE_PUT_RESERVED) {
      worker.useCredit(call.object());
      if (object != null) { // else the pool has ended, and the item goes with the queue's others
        asQueue(object).putReserved(call.arguments());
      }
      return;
    }
    if (call.arguments().length != 4) {
      throw new ProtocolException("Credit given back in " + call.arguments().length + " bytes, not 4");
    }
    int back = worker.returned(call.object(), ByteBuffer.wrap(call.arguments()).getInt());
    if (object != null) {
      asQueue(object).release(back);
    }
  }

  /**
   * Runs a call; without {@code mayWait}, returns null where it would wait.
   *
   * @throws InterruptedException if the call waited and was stopped
   */
  private byte[] run(SharedCallFrame call, boolean mayWait, WorkerCalls worker) throws InterruptedException {
    Object object = objects.served(call.object());
    if (object == null) {
      throw SharedObjectChecks.closed("Shared object " + call.object());
    }
    SharedOp op = call.op();
    if (!op.onQueue()) {
      return mapCall(op, asMap(object), call.arguments());
    }
    ReservableQueue<byte[]> queue = asQueue(object);
    long waitNanos = mayWait ? call.waitNanos() : 0;
    switch (op) {
      case QUEUE_OFFER -> {
        boolean added;
        if (waitNanos == Long.MAX_VALUE) {
          queue.put(call.arguments());
          added = true;
        } else {
          added = waitNanos == 0 ? queue.offer(call.arguments()) : queue.offer(call.arguments(), Duration.ofNanos(waitNanos));
        }
        if (added) { // with credit for the worker's next items
          return ByteBuffer.allocate(5).put((byte) 1).putInt(worker.grant(call.object(), queue)).array();
        }
        return wouldWait(call, mayWait) ? null : NOT_ADDED;
      }
      case QUEUE_TAKE -> {
        byte[] item = waitNanos == Long.MAX_VALUE ? queue.take()
            : waitNanos == 0 ? queue.poll() : queue.poll(Duration.ofNanos(waitNanos));
        return item != null ? item : wouldWait(call, mayWait) ? null : NOTHING;
      }
      case QUEUE_SIZE -> {
        return ByteBuffer.allocate(4).putInt(queue.size()).array();
      }
      default -> throw new IllegalStateException("Not a queue call: " + op);
    }
  }

  private static boolean wouldWait(SharedCallFrame call, boolean mayWait) {
    return !mayWait && call.waitNanos() > 0;
  }

  private byte[] mapCall(SharedOp op, SharedMap<Object, Object> map, byte[] arguments) {
    Object[] args = SharedValues.decode(objects.codec(), arguments, objects.loader(), op.mapArguments);
    Object result = switch (op) {
      case MAP_GET -> map.get(args[0]);
      case MAP_PUT -> map.put(args[0], args[1]);
      case MAP_PUT_IF_ABSENT -> map.putIfAbsent(args[0], args[1]);
      case MAP_REMOVE -> map.remove(args[0]);
      case MAP_REPLACE -> map.replace(args[0], args[1], args[2]);
      case MAP_MERGE -> map.merge(args[0], args[1], sendable(asMerge(args[2])));
      case MAP_SIZE -> map.size();
      case MAP_SNAPSHOT -> map.snapshot();
      default -> throw new IllegalStateException("Not a map call: " + op);
    };
    return SharedValues.encode(objects.codec(), "the result of a shared map's " + op, result);
  }

  /** A merge whose result must reach workers: one that cannot fails the merge, which changes nothing. */
  private Merge<Object> sendable(Merge<Object> fn) {
    return (old, given) -> {
      Object merged = fn.apply(old, given);
      if (merged != null) {
        SharedValues.encode(objects.codec(), "a merged value of class " + merged.getClass().getName(), merged);
      }
      return merged;
    };
  }

  private byte[] encodeFailure(Throwable failure) {
    try {
      return SharedValues.encode(objects.codec(), "an exception", failure);
    } catch (RuntimeException e) { // it cannot travel: send what can stand in for it
      return SharedValues.encode(objects.codec(), "an exception", new RemoteTaskException(
          failure.getClass().getName(), failure.getMessage(), failure.getStackTrace()));
    }
  }

  @SuppressWarnings("unchecked") // the ids of queues name in-memory queues of encoded items
  private static ReservableQueue<byte[]> asQueue(Object object) {
    return (ReservableQueue<byte[]>) object;
  }

  @SuppressWarnings("unchecked") // a map holds what its users put in
  private static SharedMap<Object, Object> asMap(Object object) {
    return (SharedMap<Object, Object>) object;
  }

  @SuppressWarnings("unchecked") // the worker sent a merge function
  private static Merge<Object> asMerge(Object fn) {
    return (Merge<Object>) fn;
  }
}
