package org.multipool.process;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends the pool's {@link Protocol.Command#SKIP skip} frames from a thread of its own.
 *
 * <p>A skip is asked for on whatever thread cancelled a task, which may be interrupted, and socket
 * channels close when a thread that uses them is interrupted. So callers queue the skip, this
 * thread writes it, and the caller waits (briefly, uninterruptibly) until it is written: a
 * {@code cancel} that returns has told the worker, which only then may reach that item.
 */
final class SkipSender {
  private static final Runnable END = () -> {};
  private static final long WAIT_MILLIS = 1_000;

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  SkipSender(String poolName) {
    thread = new Thread(this::run, poolName + "-skips");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sends a skip; waits until it is written, at most {@value #WAIT_MILLIS} ms. */
  void send(RemoteWorker worker, int seq, int from) {
    CountDownLatch written = new CountDownLatch(1);
    queue.add(() -> {
      try {
        worker.sendSkip(seq, from);
      } finally {
        written.countDown();
      }
    });
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    try {
      while (true) {
        try {
          written.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
