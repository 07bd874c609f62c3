package org.multipool.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.multipool.BrokenPoolException;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.TaskFunction;
import org.multipool.WorkerCrashedException;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.WorkerGroup;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.Room;
import org.multipool.spi.remote.SendAheadWindow;
import org.multipool.spi.remote.WindowTransport;

/**
 * A backend that behaves like one whose workers live elsewhere, without starting any process: the
 * core's reporting path ({@link RemoteWorker#started}, {@link RemoteWorker#succeeded}, {@link RemoteWorker#failed},
 * {@link RemoteWorker#lost}) under the whole contract suite.
 *
 * <p>Each simulated worker is two threads: a feeder that keeps up to {@value #BATCHES_AHEAD}
 * batches in flight with the remote kit's {@link SendAheadWindow}, as the process and cluster
 * backends do, and a runner, the simulated far side, that runs them. Functions, items, results and exceptions cross by a serialization round trip. A stop
 * "kills" the worker: the runner abandons its task, reports the worker lost and starts a
 * replacement. A task calls {@link #crashWorker()} to die the way {@code System.exit} would kill
 * a worker JVM.
 */
public final class SimulatedRemoteBackend implements PoolBackend {
  public static final String ID = "simulated-remote";
  static final int BATCHES_AHEAD = 2;

  /** Kills the simulated worker that runs the calling task. */
  public static void crashWorker() {
    throw new SimulatedCrash();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    Workers workers = new Workers(config, work);
    for (int i = 0; i < config.workers(); i++) {
      workers.startWorker();
    }
    return workers;
  }

  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static final class Workers implements WorkerGroup {
    private final PoolConfig config;
    private final WorkSource work;
    private final AtomicInteger numbers = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    Workers(PoolConfig config, WorkSource work) {
      this.config = config;
      this.work = work;
    }

    void startWorker() {
      String name = config.name() + "-worker-" + numbers.incrementAndGet();
      SimulatedWorker simulated = new SimulatedWorker(this, name);
      RemoteWorker worker = work.newRemoteWorker(name, simulated);
      if (worker != null) {
        simulated.start(worker);
      }
    }

    /** Serializes the function and the items at the call, as a backend whose workers live elsewhere must. */
    @Override
    public Object prepare(Batch batch) {
      SimulatedWorker.roundTrip(batch.function());
      for (int i = 0; i < batch.size(); i++) {
        SimulatedWorker.roundTrip(batch.item(i));
      }
      return null;
    }

    Thread thread(Runnable body, String name) {
      Thread thread = new Thread(body, name);
      threads.add(thread);
      return thread;
    }

    @Override
    public void close() {
      for (Thread thread : threads) {
        while (thread != Thread.currentThread() && thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * One simulated worker: the window's transport hands batches to the runner's inbox. Each batch
   * carries the far side's one decision, begin or give back, as a worker JVM decides it for itself.
   */
  private static final class SimulatedWorker implements WorkerControl, WindowTransport<AtomicBoolean> {
    private static final Object END = new Object();

    private final Workers group;
    private final String name;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final SendAheadWindow<AtomicBoolean> window = new SendAheadWindow<>(this, Room.fixed(BATCHES_AHEAD));
    private volatile RemoteWorker worker;
    private volatile Thread runner;
    private volatile boolean killed;
    private volatile boolean usedUp;

    SimulatedWorker(Workers group, String name) {
      this.group = group;
      this.name = name;
    }

    /** Starts the threads; a kill that came first, between registration and start, takes effect now. */
    synchronized void start(RemoteWorker worker) {
      this.worker = worker;
      window.attach(worker);
      Thread feeder = group.thread(this::feed, name + "-feeder");
      runner = group.thread(this::runBatches, name + "-runner");
      runner.start();
      feeder.start();
      if (killed) {
        runner.interrupt();
      }
    }

    @Override
    public void stop() {
      kill();
    }

    @Override
    public void takeBack(Batch batch) {
      window.takeBack(batch);
    }

    /** The pool may stop a worker as soon as it is registered, before it was started. */
    synchronized void kill() {
      killed = true;
      if (runner != null) {
        runner.interrupt();
      }
    }

    // ---- the transport: the far side is the runner ----

    @Override
    public AtomicBoolean prepare(Batch batch) {
      return new AtomicBoolean(); // the far side's decision: begun or given back
    }

    @Override
    public void send(InFlightBatch<AtomicBoolean> sending, int skipFrom) {
      inbox.add(sending); // the runner asks started() for each item, which sorts out skips
    }

    @Override
    public void sendSkip(InFlightBatch<AtomicBoolean> held, int from, boolean stopIfRunning, Skip why) {
      // the runner asks started() before each item
    }

    /** Gives the batch back if the runner has not begun it: exactly one of the two wins. */
    @Override
    public void sendTakeBack(InFlightBatch<AtomicBoolean> held) {
      if (held.local().compareAndSet(false, true)) {
        window.givenBack(held.seq());
      }
    }

    @Override
    public boolean claimUntouched(InFlightBatch<AtomicBoolean> held) {
      return held.local().compareAndSet(false, true);
    }

    private void feed() {
      try {
        usedUp = window.runSender(group.config.maxTasksPerWorker()) == SendAheadWindow.End.USED_UP;
      } catch (IOException e) {
        throw new UncheckedIOException(e); // send() throws none
      } finally {
        inbox.add(END);
      }
    }

    @SuppressWarnings("unchecked")
    private void runBatches() {
      boolean crashed = false;
      try {
        if (initialize()) {
          for (Object next; (next = inbox.take()) != END; ) {
            InFlightBatch<AtomicBoolean> entry = (InFlightBatch<AtomicBoolean>) next;
            if (!entry.local().compareAndSet(false, true)) {
              continue; // given back
            }
            window.began(entry);
            if (!runBatch(entry.batch())) {
              crashed = true;
              break;
            }
            window.finished(entry);
          }
        }
      } catch (InterruptedException e) {
        crashed = true; // killed while idle
      } finally {
        if (crashed) {
          window.settleLoss(() -> new WorkerCrashedException(
              "Simulated worker " + name + " died", ProcessHandle.current().pid(), 137));
        }
        window.close(); // the feeder takes no more
        if (crashed || usedUp) {
          group.startWorker();
        }
        worker.exited();
      }
    }

    private boolean initialize() {
      if (group.config.initializer() == null) {
        return true;
      }
      try {
        group.config.initializer().call();
        return true;
      } catch (Exception e) {
        group.work.broken(new BrokenPoolException("The initializer failed on " + name + ": " + e, e));
        return false;
      }
    }

    /** Runs a batch; false if the worker died on it. */
    @SuppressWarnings("unchecked")
    private boolean runBatch(Batch batch) {
      TaskFunction<Object, Object> function;
      try {
        function = (TaskFunction<Object, Object>) roundTrip(batch.function());
      } catch (SerializationException e) {
        for (int i = 0; i < batch.size(); i++) {
          worker.failed(batch, i, e);
        }
        return true;
      }
      for (int i = 0; i < batch.size(); i++) {
        if (!worker.started(batch, i)) {
          continue; // cancelled before it began
        }
        Object result;
        try {
          result = function.apply(roundTrip(batch.item(i)));
        } catch (SimulatedCrash crash) {
          return false;
        } catch (Throwable t) {
          if (killed) {
            return false;
          }
          worker.failed(batch, i, travel(t));
          continue;
        }
        if (killed) {
          return false;
        }
        try {
          worker.succeeded(batch, i, roundTrip(result));
        } catch (SerializationException e) {
          worker.failed(batch, i, e);
        }
      }
      return true;
    }

    private static Throwable travel(Throwable t) {
      try {
        return (Throwable) roundTrip(t);
      } catch (SerializationException e) {
        return new RemoteTaskException(t.getClass().getName(), t.getMessage(), t.getStackTrace());
      }
    }

    private static Object roundTrip(Object value) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      } catch (NotSerializableException e) {
        throw new SerializationException("Cannot serialize " + e.getMessage(), e);
      } catch (IOException e) {
        throw new SerializationException("Cannot serialize a " + value.getClass().getName(), e);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return in.readObject();
      } catch (IOException | ClassNotFoundException e) {
        throw new SerializationException("Cannot deserialize a " + value.getClass().getName(), e);
      }
    }
  }
}
