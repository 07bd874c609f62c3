package org.multipool.testkit;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.WorkerGroup;

/**
 * A backend whose workers are driven by the test itself, step by step: the test takes batches and
 * reports what happened to them exactly as a remote backend would, and sees what the pool asks of
 * the worker ({@link WorkerControl#stop}, {@link WorkerControl#cancelRunning} and {@link WorkerControl#skip}).
 */
public final class ManualBackend implements PoolBackend {
  public static final String ID = "manual";
  private static final BlockingQueue<ManualWorker> STARTED = new LinkedBlockingQueue<>();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    for (int i = 0; i < config.workers(); i++) {
      ManualWorker manual = new ManualWorker();
      manual.worker = work.newRemoteWorker(config.name() + "-manual-" + i, manual);
      STARTED.add(manual);
    }
    return () -> {};
  }

  /** The next worker a pool of this backend started; fails if none starts within 10 s. */
  public static ManualWorker nextWorker() throws InterruptedException {
    ManualWorker next = STARTED.poll(10, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("No manual worker was started");
    }
    return next;
  }

  /** One worker: the pool's side of it, and what the pool asked of it. */
  public static final class ManualWorker implements WorkerControl {
    volatile RemoteWorker worker;
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<Skip> skips = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> onNextSkip = new AtomicReference<>();

    /** The pool's record of this worker, to report to. */
    public RemoteWorker worker() {
      return worker;
    }

    public int stops() {
      return stops.get();
    }

    /** How often the pool asked this worker to stop a task that {@code cancel(true)} reached. */
    public int cancels() {
      return cancels.get();
    }

    /** Why the pool skipped items of this worker's batches, one entry per call. */
    public List<Skip> skips() {
      return skips;
    }

    /**
     * Runs {@code action} inside the pool's next {@link #skip} of this worker, on the pool's thread:
     * what another worker reports meanwhile lands in the middle of the pool's cancel.
     */
    public void duringNextSkip(Runnable action) {
      onNextSkip.set(action);
    }

    /** Takes the next batch and reports every item of it the way a remote worker does; false at the end. */
    public boolean runOne() throws Exception {
      Batch batch = worker.take(Integer.MAX_VALUE);
      if (batch == null) {
        worker.exited();
        return false;
      }
      for (int i = 0; i < batch.size(); i++) {
        if (worker.started(batch, i)) {
          worker.succeeded(batch, i, batch.function().apply(batch.item(i)));
        }
      }
      return true;
    }

    /** Results of the items of {@code batch} from {@code from} on, as a run would report them. */
    public static Object[] results(Batch batch, int from) throws Exception {
      Object[] results = new Object[batch.size() - from];
      for (int i = 0; i < results.length; i++) {
        results[i] = batch.function().apply(batch.item(from + i));
      }
      return results;
    }

    @Override
    public void stop() {
      stops.incrementAndGet();
    }

    @Override
    public void cancelRunning() {
      cancels.incrementAndGet();
    }

    @Override
    public void skip(Batch batch, int from, Skip why) {
      skips.add(why);
      Runnable action = onNextSkip.getAndSet(null);
      if (action != null) {
        action.run();
      }
    }
  }
}
