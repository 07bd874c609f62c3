package org.multipool.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails and stops tasks that run past the pool's task timeout, on a thread of its own, and
 * completes their futures on helper threads, so that no user callback can hold up a deadline.
 *
 * <p>Every task gets the same timeout, so a task that starts later also ends its time later. The
 * watchdog therefore sleeps until the earliest deadline of the tasks running now, or one whole
 * timeout when none runs, and never misses a deadline without any per-task scheduling.
 */
final class TimeoutWatchdog implements Runnable {
  private final WorkerRegistry registry;
  private final Lifecycle lifecycle;
  private final long timeoutNanos;
  private final Thread thread;
  private final ThreadPoolExecutor completions;
  private final Set<Thread> completionThreads = ConcurrentHashMap.newKeySet();

  private TimeoutWatchdog(WorkerRegistry registry, Lifecycle lifecycle, String poolName, Duration timeout) {
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.timeoutNanos = TimeUnit.NANOSECONDS.convert(timeout);
    AtomicInteger numbers = new AtomicInteger();
    this.completions = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
        task -> {
          Thread completing = new Thread(task, poolName + "-timed-out-" + numbers.incrementAndGet());
          completionThreads.add(completing);
          return completing;
        });
    this.thread = new Thread(this, poolName + "-timeouts");
    thread.setDaemon(true);
  }

  /** Starts the watchdog of a pool whose tasks may run at most {@code timeout}. */
  static TimeoutWatchdog start(WorkerRegistry registry, Lifecycle lifecycle, String poolName, Duration timeout) {
    TimeoutWatchdog watchdog = new TimeoutWatchdog(registry, lifecycle, poolName, timeout);
    watchdog.thread.start();
    return watchdog;
  }

  @Override
  public void run() {
    while (!lifecycle.now().workersGone()) {
      long now = System.nanoTime();
      long sleep = timeoutNanos;
      for (WorkerSlot slot : registry.slots()) {
        slot.timeouts.expireIfDue(now);
        sleep = Math.min(sleep, slot.timeouts.nanosLeft(now));
      }
      LockSupport.parkNanos(this, Math.max(sleep, 1));
    }
  }

  /** Wakes the watchdog, which then sees that the workers are gone and ends. */
  void wake() {
    LockSupport.unpark(thread);
  }

  /** Runs what completes the future of a timed-out task, off the watchdog's thread. */
  void complete(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) { // only once the pool has terminated
      completion.run();
    }
  }

  /**
   * Waits for the watchdog, which ends once the workers are gone, and for the callbacks of
   * timed-out tasks; one of those that never returns holds up the end for ten seconds at most.
   */
  void awaitEnd() throws InterruptedException {
    thread.join();
    completions.shutdown();
    if (completions.awaitTermination(10, TimeUnit.SECONDS)) {
      for (Thread completing : completionThreads) {
        completing.join();
      }
    }
  }
}
