package org.multipool.process.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.RemoteTaskException;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.SharedCallFrame;
import org.multipool.process.wire.SharedCancelFrame;
import org.multipool.process.wire.SharedOp;
import org.multipool.process.wire.SharedReplyFrame;
import org.multipool.process.wire.SharedValues;

/**
 * The worker's calls on the pool's shared objects: each goes out as a {@link SharedCallFrame} on
 * the worker's connection, from whichever thread of a task makes it, and waits for its
 * {@link SharedReplyFrame}, which the {@link CommandReader} hands over.
 *
 * <p>A call that waits in the pool (for room, or for an item) answers an interrupt the way a
 * {@link java.util.concurrent.BlockingQueue} does, without losing an item: it asks the pool to
 * stop the call and waits for the answer; if the call had already happened, the result stands
 * and the thread stays interrupted.
 */
final class SharedCalls {
  private final FrameChannel channel;
  private final Codec codec;
  private final ClassLoader loader;
  private final AtomicInteger numbers = new AtomicInteger();
  private final Map<Integer, CompletableFuture<SharedReplyFrame>> waiting = new ConcurrentHashMap<>();
  /** Places the pool set aside for this worker in each queue, by the queue's id. */
  private final Map<String, AtomicInteger> credits = new ConcurrentHashMap<>();
  private volatile boolean poolGone;

  SharedCalls(FrameChannel channel, Codec codec, ClassLoader loader) {
    this.channel = channel;
    this.codec = codec;
    this.loader = loader;
  }

  Codec codec() {
    return codec;
  }

  ClassLoader loader() {
    return loader;
  }

  /**
   * Calls {@code op} on object {@code id} and returns the value of its answer.
   *
   * @param waitNanos how long the call may wait in the pool; 0 for a call that never waits
   * @throws InterruptedException if the thread was interrupted before or while a call that may
   *     wait waited, and the call did nothing
   */
  byte[] call(SharedOp op, String id, long waitNanos, byte[] arguments) throws InterruptedException {
    boolean interrupted = Thread.interrupted(); // the socket write would clear it anyway
    if (interrupted && waitNanos > 0) {
      throw new InterruptedException();
    }
    int number = numbers.incrementAndGet();
    CompletableFuture<SharedReplyFrame> reply = new CompletableFuture<>();
    waiting.put(number, reply);
    try {
      if (poolGone) {
        throw new IllegalStateException("The pool this worker served is gone");
      }
      try {
        new SharedCallFrame(number, op, waitNanos, id, arguments).write(channel);
      } catch (IOException e) {
        throw new IllegalStateException("The pool this worker served is gone", e);
      }
      SharedReplyFrame answer;
      try {
        answer = reply.get();
      } catch (InterruptedException e) {
        if (waitNanos > 0) {
          cancel(number);
        }
        interrupted = true;
        answer = awaitUninterruptibly(reply);
        if (answer.status() == SharedReplyFrame.Status.INTERRUPTED) {
          interrupted = false; // the exception says it
          throw e;
        }
      } catch (ExecutionException e) {
        throw (IllegalStateException) e.getCause();
      }
      return valueOf(answer);
    } finally {
      waiting.remove(number);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Uses one place set aside in queue {@code id}; false if there is none. */
  boolean takeCredit(String id) {
    AtomicInteger held = credits.get(id);
    if (held == null) {
      return false;
    }
    int now;
    do {
      now = held.get();
      if (now <= 0) {
        return false;
      }
    } while (!held.compareAndSet(now, now - 1));
    return true;
  }

  /** The pool set {@code places} of queue {@code id} aside for this worker. */
  void addCredits(String id, int places) {
    if (places > 0) {
      credits.computeIfAbsent(id, key -> new AtomicInteger()).addAndGet(places);
    }
  }

  /** Sends a call the pool does not answer: a put on credit, credit given back. */
  void send(SharedOp op, String id, byte[] arguments) {
    if (poolGone) {
      throw new IllegalStateException("The pool this worker served is gone");
    }
    boolean interrupted = Thread.interrupted(); // the socket write would clear it
    try {
      new SharedCallFrame(0, op, 0, id, arguments).write(channel);
    } catch (IOException e) {
      throw new IllegalStateException("The pool this worker served is gone", e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A task ended: gives back the places it did not use, so that other producers find them. A
   * thread the task left behind that puts later asks for places anew.
   */
  void taskEnded() {
    if (credits.isEmpty()) {
      return;
    }
    for (Map.Entry<String, AtomicInteger> held : credits.entrySet()) {
      int unused = held.getValue().getAndSet(0);
      if (unused > 0) {
        try {
          send(SharedOp.QUEUE_RETURN, held.getKey(), ByteBuffer.allocate(4).putInt(unused).array());
        } catch (IllegalStateException e) {
          return; // the pool is gone, and its queues with it
        }
      }
    }
  }

  private void cancel(int number) {
    try {
      new SharedCancelFrame(number).write(channel);
    } catch (IOException e) {
      // the pool is gone, and the reader fails the call
    }
  }

  private static SharedReplyFrame awaitUninterruptibly(CompletableFuture<SharedReplyFrame> reply) {
    while (true) {
      try {
        return reply.get();
      } catch (InterruptedException e) {
        // restored by the caller
      } catch (ExecutionException e) {
        throw (IllegalStateException) e.getCause();
      }
    }
  }

  private byte[] valueOf(SharedReplyFrame answer) {
    if (answer.status() == SharedReplyFrame.Status.OK) {
      return answer.value();
    }
    Object failure = SharedValues.decodeOne(codec, answer.value(), loader);
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    Throwable cause = (Throwable) failure;
    throw new RemoteTaskException(cause.getClass().getName(), cause.getMessage(), cause.getStackTrace());
  }

  /** The pool's answer to a call; one for a call that no longer waits is dropped. */
  void answered(SharedReplyFrame reply) {
    CompletableFuture<SharedReplyFrame> call = waiting.get(reply.call());
    if (call != null) {
      call.complete(reply);
    }
  }

  /** The connection ended: no answer will come. */
  void poolGone() {
    poolGone = true;
    waiting.values().forEach(call ->
        call.completeExceptionally(new IllegalStateException("The pool this worker served is gone")));
  }
}
