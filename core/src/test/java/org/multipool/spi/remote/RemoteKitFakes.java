package org.multipool.spi.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.multipool.TaskFunction;
import org.multipool.spi.Batch;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl.Skip;

/** A pool's side of a worker and a far side that only record what the window asked of them. */
final class RemoteKitFakes {
  private RemoteKitFakes() {}

  static Batch batch(int size) {
    return new Batch() {
      @Override
      public TaskFunction<Object, Object> function() {
        return x -> x;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public Object item(int index) {
        return index;
      }

      @Override
      public Object prepared() {
        return null;
      }

      @Override
      public String toString() {
        return "batch of " + size;
      }
    };
  }

  /** Hands out the batches queued with {@link #offer}, then null once {@link #noMore} was called. */
  static final class FakeWorker implements RemoteWorker {
    private static final Batch NO_MORE = batch(1);
    private final BlockingQueue<Batch> queued = new LinkedBlockingQueue<>();
    final List<String> reports = new ArrayList<>(); // guarded by itself
    /** Runs inside take(), after the batch is assigned and before it is returned, as the pool's skip does. */
    volatile Consumer<Batch> onTake = batch -> {};
    /** Runs inside givenBack(), before it is recorded, as the pool queues the batch again there. */
    volatile Consumer<Batch> onGivenBack = batch -> {};
    volatile int takes;

    void offer(Batch... batches) {
      queued.addAll(List.of(batches));
    }

    void noMore() {
      queued.add(NO_MORE);
    }

    List<String> reports() {
      synchronized (reports) {
        return List.copyOf(reports);
      }
    }

    private void report(String what) {
      synchronized (reports) {
        reports.add(what);
      }
    }

    @Override
    public Batch take(int maxItems) {
      takes++;
      Batch batch;
      try {
        batch = queued.take();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (batch == NO_MORE) {
        return null;
      }
      onTake.accept(batch);
      return batch;
    }

    @Override
    public boolean started(Batch batch, int index) {
      report("started " + batch + " #" + index);
      return true;
    }

    @Override
    public void succeeded(Batch batch, int index, Object result) {
      report("succeeded " + batch + " #" + index);
    }

    @Override
    public void failed(Batch batch, int index, Throwable failure) {
      report("failed " + batch + " #" + index + ": " + failure.getMessage());
    }

    @Override
    public void givenBack(Batch batch) {
      onGivenBack.accept(batch);
      report("givenBack " + batch);
    }

    @Override
    public void lost(Supplier<? extends Throwable> failure) {
      report("lost");
    }

    @Override
    public void exited() {
      report("exited");
    }
  }

  /** Records what the window has it send; each name is a batch's sequence number. */
  static final class RecordingTransport implements WindowTransport<String> {
    final List<String> sent = new ArrayList<>(); // guarded by itself
    volatile Consumer<InFlightBatch<String>> onSend = held -> {};
    volatile RuntimeException prepareFails;
    volatile boolean claims = true;

    List<String> sent() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    private void record(String what) {
      synchronized (sent) {
        sent.add(what);
      }
    }

    @Override
    public String prepare(Batch batch) {
      if (prepareFails != null) {
        throw prepareFails;
      }
      return "prepared " + batch;
    }

    @Override
    public void send(InFlightBatch<String> sending, int skipFrom) {
      onSend.accept(sending);
      record("batch " + sending.seq() + " skipFrom " + skipFrom);
    }

    @Override
    public void sendSkip(InFlightBatch<String> held, int from, boolean stopIfRunning, Skip why) {
      record("skip " + held.seq() + " from " + from + (stopIfRunning ? " stop" : "") + " " + why);
    }

    @Override
    public void sendTakeBack(InFlightBatch<String> held) {
      record("takeBack " + held.seq());
    }

    @Override
    public boolean claimUntouched(InFlightBatch<String> held) {
      record("claim " + held.seq());
      return claims;
    }

    @Override
    public void headBegins(InFlightBatch<String> head) {
      record("head " + head.seq());
    }
  }
}
