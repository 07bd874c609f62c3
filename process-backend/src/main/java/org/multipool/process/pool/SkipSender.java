package org.multipool.process.pool;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.multipool.process.wire.SkipFrame;
import org.multipool.process.wire.Uninterruptibles;

/**
 * Sends the pool's {@link SkipFrame}s and {@link org.multipool.process.wire.TakeBackFrame}s from a
 * thread of its own.
 *
 * <p>A skip is asked for on whatever thread cancelled a task, which may be interrupted, and socket
 * channels close when a thread that uses them is interrupted. So callers queue the skip and this
 * thread writes it; the caller then waits for the worker's answer, not for this thread.
 */
final class SkipSender {
  private static final Runnable END = () -> {};

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  SkipSender(String poolName) {
    thread = new Thread(this::run, poolName + "-skips");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a skip for {@code worker}; skips are written in the order they are queued. */
  void send(WorkerJvm worker, int seq, int from, boolean stopIfRunning) {
    queue.add(() -> worker.sendSkip(seq, from, stopIfRunning));
  }

  /** Queues a take-back of batch {@code seq} for {@code worker}, in order with its skips. */
  void sendTakeBack(WorkerJvm worker, int seq) {
    queue.add(() -> worker.sendTakeBack(seq));
  }

  private void run() {
    try {
      for (Runnable next; (next = queue.take()) != END; ) {
        next.run();
      }
    } catch (InterruptedException e) {
      // only close() ends this thread
    }
  }

  /** Ends the thread once the skips queued before are sent. */
  void close() {
    queue.add(END);
    Uninterruptibles.join(thread);
  }
}
