package org.multipool.process.wire;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits that an interrupt does not cut short, for the pool's and the worker's own threads: each
 * goes on waiting through interrupts and restores the interrupt status before it returns, so the
 * caller's code still sees it (Guava's {@code Uninterruptibles}, for the few waits we need).
 *
 * <pre>{@code
 * Uninterruptibles.join(reader);               // until it has ended
 * Uninterruptibles.join(reader, 2_000);        // or until two seconds have passed
 * Object next = Uninterruptibles.take(queue);
 * }</pre>
 */
public final class Uninterruptibles {
  private Uninterruptibles() {}

  /** Waits until {@code thread} has ended; returns at once for {@code null} or the calling thread. */
  public static void join(Thread thread) {
    join(thread, 0);
  }

  /**
   * Waits until {@code thread} has ended or {@code millis} have passed (0: no limit); returns at
   * once for {@code null} or the calling thread, which could never end while it waits.
   */
  public static void join(Thread thread, long millis) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (thread.isAlive()) {
        long left = millis == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis != 0 && left <= 0) {
          return;
        }
        try {
          thread.join(left);
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

  /** Waits until {@code process} has ended, and returns its exit code. */
  public static int waitFor(Process process) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return process.waitFor();
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

  /** Takes the head of {@code queue}, waiting while it is empty. */
  public static <T> T take(BlockingQueue<T> queue) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return queue.take();
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

  /** Waits until {@code executor}, shut down, has run its last task. */
  public static void awaitTermination(ExecutorService executor) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (executor.awaitTermination(1, TimeUnit.DAYS)) {
            return;
          }
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

  /** Waits for {@code latch}, at most {@code millis}; true if it opened. */
  public static boolean await(CountDownLatch latch, long millis) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (true) {
        try {
          return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
}
