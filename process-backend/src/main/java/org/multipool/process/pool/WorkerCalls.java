package org.multipool.process.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.SharedReplyFrame;
import org.multipool.process.wire.SharedReplyFrame.Status;
import org.multipool.process.wire.Uninterruptibles;

/**
 * The shared-object calls of one worker JVM that wait in the pool's JVM, and the answers to all
 * its calls. A call that waits stops when the worker asks ({@link #cancel}) or when the worker has
 * died ({@link #endAll}); the pool hears of a worker's death only after its calls stopped, so a
 * {@code put} that a dead worker began either happened before that or never does.
 */
final class WorkerCalls {
  /** How long the end of a worker waits for one of its calls to stop; they stop at an interrupt. */
  private static final long STOP_MILLIS = 5_000;

  /** Something a waiting call runs. */
  interface Call {
    byte[] run() throws InterruptedException;
  }

  private final FrameChannel channel;
  private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();

  WorkerCalls(FrameChannel channel) {
    this.channel = channel;
  }

  /** Sends the answer to a call; a worker that is gone needs none. */
  void reply(int call, Status status, byte[] value) {
    try {
      new SharedReplyFrame(call, status, value).write(channel);
    } catch (IOException e) {
      // the worker died: what it was sent is lost with its task, as the README says
    }
  }

  /** Tracks call {@code number}, which is about to wait on a thread of its own. */
  Waiting waiting(int number) {
    Waiting call = new Waiting(number);
    waiting.put(number, call);
    return call;
  }

  void ended(Waiting call) {
    waiting.remove(call.number, call);
    call.done.countDown();
  }

  /** The worker's thread that waits in {@code number} was interrupted: stop the call. */
  void cancel(int number) {
    Waiting call = waiting.get(number);
    if (call != null) {
      call.stop();
    }
  }

  /** The worker is gone: stops every call that waits, and returns once they have. */
  void endAll() {
    List<Waiting> calls = new ArrayList<>(waiting.values());
    calls.forEach(Waiting::stop);
    for (Waiting call : calls) {
      Uninterruptibles.await(call.done, STOP_MILLIS);
    }
  }

  /** One call that waits, on the thread that runs it. */
  final class Waiting {
    private final int number;
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread thread; // guarded by this
    private boolean stopped; // guarded by this
    private boolean finished; // guarded by this

    Waiting(int number) {
      this.number = number;
    }

    /** Runs the call on this thread and answers it, unless it was stopped first. */
    void run(Call call, Function<Throwable, byte[]> encodeFailure) {
      try {
        synchronized (this) {
          if (stopped) {
            reply(number, Status.INTERRUPTED, new byte[0]);
            return;
          }
          thread = Thread.currentThread();
        }
        Status status;
        byte[] value;
        try {
          value = call.run();
          status = Status.OK;
        } catch (InterruptedException e) {
          value = new byte[0];
          status = Status.INTERRUPTED;
        } catch (RuntimeException | Error e) {
          value = encodeFailure.apply(e);
          status = Status.FAILED;
        }
        synchronized (this) {
          finished = true; // no interrupt reaches this thread from now on
        }
        Thread.interrupted(); // one that came after the call returned: the thread serves others next
        reply(number, status, value);
      } finally {
        ended(this);
      }
    }

    synchronized void stop() {
      stopped = true;
      if (thread != null && !finished) {
        thread.interrupt();
      }
    }
  }
}
