package org.multipool.spi.remote;

import java.io.IOException;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.remote.SendAheadWindow.End;
import org.multipool.spi.remote.WindowState.Added;
import org.multipool.spi.remote.WindowState.AfterSending;

/**
 * The sender's half of a {@link SendAheadWindow}: budget, room, take, send. The window's state
 * decides under its lock; this acts on what it decided, with no lock held.
 */
final class SendLoop<T> {
  private final WindowState<T> window;
  private final WindowTransport<T> transport;
  private final RemoteWorker worker;

  SendLoop(WindowState<T> window, WindowTransport<T> transport, RemoteWorker worker) {
    this.window = window;
    this.transport = transport;
    this.worker = worker;
  }

  End run(int maxItems) throws IOException {
    int budget = maxItems;
    try {
      while (budget > 0) {
        if (!window.awaitRoom()) {
          return End.STOPPED;
        }
        Batch batch = worker.take(budget);
        if (batch == null) {
          return End.NO_MORE_WORK;
        }
        if (budget != PoolConfig.UNLIMITED_TASKS) {
          budget -= batch.size();
        }
        T local;
        try {
          local = transport.prepare(batch);
        } catch (RuntimeException e) { // the caller changed its items since the call, say
          if (!failHere(batch, e)) {
            return End.STOPPED;
          }
          continue;
        }
        if (!send(batch, local)) {
          return End.STOPPED; // the batch stays untouched, and the worker's loss queues it again
        }
      }
      return End.USED_UP;
    } finally {
      window.senderDone();
    }
  }

  /** Sends a batch, or gives it back if it was asked back before it left; false if stopped. */
  private boolean send(Batch batch, T local) throws IOException {
    Added<T> added = window.add(batch, local);
    if (added == null) {
      return false;
    }
    if (added.askedBack()) {
      worker.givenBack(batch); // never sent: it runs on the idle worker that asked for it
      return true;
    }
    InFlightBatch<T> sending = added.sending();
    if (added.head()) {
      transport.headBegins(sending); // an idle worker begins this batch as soon as it arrives
    }
    int skipFrom = window.skipFrom(sending);
    transport.send(sending, skipFrom);
    AfterSending after = window.sent(sending, skipFrom);
    if (after.skip()) {
      transport.sendSkip(sending, after.skipFrom(), after.stopIfRunning(), null);
    }
    if (after.takeBack()) {
      transport.sendTakeBack(sending);
    }
    return true;
  }

  /**
   * Fails the items of a batch that cannot be sent, here, once the worker has reported all it was
   * sent before, so items are reported in order. Another worker would fail the same way, so the
   * batch does not go back to the queue. False if the worker ended meanwhile.
   */
  private boolean failHere(Batch batch, RuntimeException failure) {
    if (!window.awaitAllOutcomes()) {
      return false;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (worker.started(batch, i)) {
        worker.failed(batch, i, failure);
      }
    }
    return true;
  }
}
