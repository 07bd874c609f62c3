package org.multipool.process.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.SharedReplyFrame;
import org.multipool.process.wire.SharedReplyFrame.Status;
import org.multipool.process.wire.Uninterruptibles;
import org.multipool.spi.ReservableQueue;

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
  private final ProcessSharedObjects objects;
  private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
  /**
   * Held while a call that does not wait runs, and by {@link #stopAll} while it marks the calls
   * stopped, so that a call either ran before the stop returned or never runs.
   */
  private final Object immediate = new Object();
  private volatile boolean stopped;
  /** The places of each queue set aside for this worker and not used yet, by the queue's id. */
  private final Map<String, Integer> credits = new HashMap<>(); // guarded by itself

  WorkerCalls(FrameChannel channel, ProcessSharedObjects objects) {
    this.channel = channel;
    this.objects = objects;
  }

  /** Sets places of {@code queue} aside for the worker, unless it still holds some; returns how many. */
  int grant(String id, ReservableQueue<byte[]> queue) {
    synchronized (credits) {
      if (credits.getOrDefault(id, 0) > 0) {
        return 0;
      }
      int granted = queue.reserve(objects.creditsFor(queue.capacity()));
      credits.put(id, granted);
      return granted;
    }
  }

  /** The worker put an item on credit. */
  void useCredit(String id) throws ProtocolException {
    synchronized (credits) {
      int held = credits.getOrDefault(id, 0);
      if (held <= 0) {
        throw new ProtocolException("A worker put an item on credit it does not have");
      }
      credits.put(id, held - 1);
    }
  }

  /** The worker gave back {@code places} it did not use; returns how many it really held. */
  int returned(String id, int places) {
    synchronized (credits) {
      int held = credits.getOrDefault(id, 0);
      int back = Math.max(0, Math.min(held, places));
      credits.put(id, held - back);
      return back;
    }
  }

  /** Sends the answer to a call; a worker that is gone needs none. */
  void reply(int call, Status status, byte[] value) {
    try {
      new SharedReplyFrame(call, status, value).write(channel);
    } catch (IOException e) {
      // the worker died: what it was sent is lost with its task, as the README says
    }
  }

  /**
   * Runs a call that does not wait, unless the worker was stopped: its task has failed or been
   * cancelled, and nothing it asks for after that may happen.
   *
   * @return the call's answer, or {@code null} if it was not run because the worker was stopped
   */
  byte[] runNow(Call call) throws InterruptedException {
    synchronized (immediate) {
      return stopped ? null : call.run();
    }
  }

  /**
   * Tracks call {@code number}, which is about to wait on a thread of its own. A call that comes
   * after {@link #stopAll} is stopped before it begins.
   */
  Waiting waiting(int number) {
    Waiting call = new Waiting(number);
    waiting.put(number, call);
    if (stopped) { // stopAll set the mark before it looked at the calls: one of the two sees this call
      call.stop();
    }
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

  /**
   * Stops every call that waits, without waiting for them: the pool stops the worker's task, and a
   * {@code put} that task waits in must not land after its failure is reported. Each call's thread
   * is interrupted here, before this returns, so a call blocked for room or for an item ends at
   * once; the pool calls this from its own threads (the watchdog, {@code terminate()}), which must
   * not wait for a call that is slow to end. {@link #endAll} waits for them.
   */
  void stopAll() {
    synchronized (immediate) { // a call that does not wait is quick: it ends before this goes on
      stopped = true;
    }
    waiting.values().forEach(Waiting::stop);
  }

  /**
   * The worker is gone and what it sent is all read: stops its calls (later ones never run), waits until they have
   * stopped (a {@code put} must not land after the pool hears of the end), and releases its credit.
   * Runs on the thread that waited for the process's end, which may wait.
   */
  void endAll() {
    stopAll();
    List<Waiting> calls = new ArrayList<>(waiting.values());
    for (Waiting call : calls) {
      Uninterruptibles.await(call.done, STOP_MILLIS);
    }
    Map<String, Integer> held;
    synchronized (credits) {
      held = new HashMap<>(credits);
      credits.clear();
    }
    held.forEach((id, places) -> {
      if (places > 0 && objects.served(id) instanceof ReservableQueue<?> queue) {
        queue.release(places);
      }
    });
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

    /**
     * Runs the call on this thread and answers it, unless it was stopped first. It counts as done
     * once the call has returned, before the answer is written: what it did is settled then, and
     * {@link #endAll} must not wait for a worker that reads slowly.
     */
    void run(Call call, Function<Throwable, byte[]> encodeFailure) {
      Status status;
      byte[] value;
      try {
        synchronized (this) {
          if (stopped) {
            status = Status.INTERRUPTED;
            value = new byte[0];
          } else {
            thread = Thread.currentThread();
            status = null;
            value = null;
          }
        }
        if (status == null) {
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
        }
      } finally {
        ended(this);
      }
      reply(number, status, value);
    }

    synchronized void stop() {
      stopped = true;
      if (thread != null && !finished) {
        thread.interrupt();
      }
    }
  }
}
