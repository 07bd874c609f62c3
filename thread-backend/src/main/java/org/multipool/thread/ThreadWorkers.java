package org.multipool.thread;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.BrokenPoolException;
import org.multipool.Task;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.LocalWorker;
import org.multipool.spi.WorkerGroup;

/**
 * The worker threads of one pool: each runs the initializer, then batches until the pool lets it
 * go or it has run {@code maxTasksPerWorker} tasks, when a fresh thread takes its place.
 */
final class ThreadWorkers implements WorkerGroup {
  private final PoolConfig config;
  private final WorkSource work;
  private final ThreadFactory factory;
  private final AtomicInteger threadNumbers = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  private ThreadWorkers(PoolConfig config, WorkSource work, ThreadFactory factory) {
    this.config = config;
    this.work = work;
    this.factory = factory;
  }

  static ThreadWorkers start(PoolConfig config, WorkSource work, ThreadFactory factory) {
    ThreadWorkers workers = new ThreadWorkers(config, work, factory);
    for (int i = 0; i < config.workers(); i++) {
      workers.startWorker();
    }
    return workers;
  }

  /** Starts one more worker thread, unless the pool is stopping. */
  private void startWorker() {
    WorkerLoop loop = new WorkerLoop();
    Thread thread = factory.newThread(loop);
    thread.setName(config.name() + "-worker-" + threadNumbers.incrementAndGet());
    LocalWorker worker = work.newWorker(thread.getName(), thread::interrupt);
    if (worker == null) {
      return;
    }
    loop.worker = worker;
    // Forget replaced workers that have ended; one not started yet is NEW, not TERMINATED.
    threads.removeIf(other -> other.getState() == Thread.State.TERMINATED);
    threads.add(thread);
    thread.start();
  }

  /**
   * Waits until every thread has ended. The pool calls this once all workers have said they exited,
   * so each thread has at most its last few instructions left to run.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread != Thread.currentThread() && thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    threads.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private final class WorkerLoop implements Runnable {
    private volatile LocalWorker worker; // set before the thread starts

    @Override
    public void run() {
      try {
        if (initialize()) {
          runBatches();
        }
      } finally {
        worker.exited();
      }
    }

    private boolean initialize() {
      Task<?> initializer = config.initializer();
      if (initializer == null) {
        return true;
      }
      try {
        initializer.call();
        return true;
      } catch (Throwable e) { // whatever the initializer throws breaks the pool, as in Python
        work.broken(new BrokenPoolException("The initializer failed on "
            + Thread.currentThread().getName() + ": " + e, e));
        return false;
      }
    }

    private void runBatches() {
      int budget = config.maxTasksPerWorker();
      while (budget > 0) {
        Batch batch = worker.take(budget);
        if (batch == null) {
          return;
        }
        worker.run(batch);
        if (budget != PoolConfig.UNLIMITED_TASKS) {
          budget -= batch.size();
        }
      }
      startWorker(); // registered before this one exits, so the pool never looks empty meanwhile
    }
  }
}
