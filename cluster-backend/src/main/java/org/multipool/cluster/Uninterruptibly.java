package org.multipool.cluster;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Waits that go on through interrupts and restore the interrupt status at the end, for the pool's
 * own threads, which must finish what they wait for (Guava's {@code Uninterruptibles}).
 *
 * <pre>{@code
 * Uninterruptibly.join(sender);
 * Uninterruptibly.get(closed);
 * }</pre>
 */
final class Uninterruptibly {
  private Uninterruptibly() {}

  /** One wait that may be interrupted. */
  @FunctionalInterface
  private interface Wait {
    void run() throws InterruptedException;
  }

  static void join(Thread thread) {
    if (thread != Thread.currentThread()) {
      waitThrough(thread::join);
    }
  }

  /** Waits until the thread ends or {@code deadline}, a {@link System#nanoTime()}, passes. */
  static void join(Thread thread, long deadline) {
    boolean interrupted = false;
    try {
      while (thread.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedJoin(thread, left);
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

  static void await(CountDownLatch latch) {
    waitThrough(latch::await);
  }

  static void awaitTermination(ThreadPoolExecutor executor) {
    waitThrough(() -> executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
  }

  /** Waits for the future's outcome; a failure is thrown as it is. */
  static <T> T get(Future<T> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
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

  private static void waitThrough(Wait wait) {
    boolean interrupted = false;
    while (true) {
      try {
        wait.run();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
