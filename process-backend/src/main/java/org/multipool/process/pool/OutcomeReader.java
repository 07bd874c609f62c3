package org.multipool.process.pool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.multipool.BrokenPoolException;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.process.wire.BegunFrame;
import org.multipool.process.wire.EventFrame;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.GivenBackFrame;
import org.multipool.process.wire.InitFailedFrame;
import org.multipool.process.wire.OutcomeStatus;
import org.multipool.process.wire.OutcomesDroppedFrame;
import org.multipool.process.wire.OutcomesFrame;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.ReadyFrame;
import org.multipool.process.wire.SharedCallFrame;
import org.multipool.process.wire.SharedCancelFrame;
import org.multipool.process.wire.SkipAnswerFrame;
import org.multipool.process.wire.Values;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.SendAheadWindow;

/**
 * The thread that reads one worker JVM's frames: it sends the init, waits for ready, then turns
 * outcomes into item reports, takes in skip answers and serves the worker's calls on shared objects
 * until the connection ends. Futures complete on this thread.
 *
 * <p>The worker runs items in order, one at a time, so the item it runs is always the first one
 * without an outcome: the head. When the head moves on, the pool hears that the next item has
 * {@linkplain RemoteWorker#started started}, which starts its timeout and tells whether it was cancelled
 * meanwhile. This thread moves the head, but for the one moment the {@link BatchSender} hands an
 * idle worker its first batch; either reports the start outside any lock.
 *
 * <p>A worker that sends what the protocol does not allow, or outcomes for items it does not
 * hold, is not trusted with more work: it is stopped and reported lost with what it did wrong.
 */
final class OutcomeReader implements Runnable {
  private final WorkerJvm remote;
  private final WorkerJvms group;
  private final FrameChannel channel;
  private final SendAheadWindow<SentBatch> window;
  private final RemoteWorker slot;
  private final WorkerCalls sharedCalls;

  OutcomeReader(WorkerJvm remote, WorkerJvms group, FrameChannel channel, SendAheadWindow<SentBatch> window, RemoteWorker slot,
      WorkerCalls sharedCalls) {
    this.remote = remote;
    this.group = group;
    this.channel = channel;
    this.window = window;
    this.slot = slot;
    this.sharedCalls = sharedCalls;
  }

  /** Starts a reader thread. */
  static Thread start(OutcomeReader reader, String name) {
    Thread thread = new ReaderThread(reader, name);
    thread.start();
    return thread;
  }

  /** Whether the calling thread is a reader, where futures complete and so must never wait for a worker. */
  static boolean onReaderThread() {
    return Thread.currentThread() instanceof ReaderThread;
  }

  @Override
  public void run() {
    try {
      group.init().write(channel);
      EventFrame first = EventFrame.read(channel.receive());
      if (first instanceof InitFailedFrame failed) {
        Throwable cause = decodeThrowable(failed.exception());
        group.work().broken(new BrokenPoolException("The initializer failed in worker process "
            + remote.pid() + " of pool " + group.config().name() + ": " + cause, cause));
        return;
      }
      if (!(first instanceof ReadyFrame)) {
        throw new ProtocolException("Expected READY or INIT_FAILED but got " + first);
      }
      if (!remote.ready()) {
        return; // it ended meanwhile
      }
      while (true) {
        EventFrame frame = EventFrame.read(channel.receive());
        if (frame instanceof OutcomesFrame outcomes) {
          outcomes(outcomes);
        } else if (frame instanceof OutcomesDroppedFrame dropped) {
          dropped(dropped);
        } else if (frame instanceof SkipAnswerFrame answer) {
          window.answered(answer.seq(), answer.from());
        } else if (frame instanceof GivenBackFrame given) {
          givenBack(given.seq());
        } else if (frame instanceof BegunFrame begun) {
          begun(begun.seq());
        } else if (frame instanceof SharedCallFrame call) {
          group.sharedCalls().serve(call, sharedCalls);
        } else if (frame instanceof SharedCancelFrame cancel) {
          sharedCalls.cancel(cancel.call());
        } else {
          throw new ProtocolException("Expected OUTCOMES, SKIP_ANSWER, GIVEN_BACK or a shared call but got " + frame);
        }
      }
    } catch (ProtocolException e) {
      if (!channel.isClosed()) { // closed by the pool itself once the process ended
        remote.misbehaved("it broke the protocol: " + e.getMessage());
      }
    } catch (IOException e) {
      // the worker exited or was killed (end of file, a reset, a broken pipe): its end is reported
      // by the thread that waits for the process
      remote.unreachable();
    } catch (RuntimeException e) {
      remote.misbehaved("of an internal error in its reader (" + e + ")");
    } catch (Error e) {
      // Whatever kills this thread must end its worker too, or what the worker holds waits for ever.
      remote.misbehaved("its reader failed (" + e + ")");
      throw e;
    }
  }

  /**
   * The worker gave back a batch the pool asked for, unbegun: the pool runs it on an idle worker. If
   * this reader had taken it for begun (it was next in line), the batch behind it is next now.
   */
  private void givenBack(int seq) throws ProtocolException {
    if (!window.givenBack(seq)) {
      throw new ProtocolException("The worker gave back batch " + seq
          + ", which the pool did not ask back or which the worker had begun");
    }
  }

  /**
   * The worker's first batch begins only now that it is decoded: the time that took in a fresh
   * JVM belongs to no task, so the first item's timeout starts again (semantics 7: it counts from
   * when the task began). The timeout that started when the batch was sent still caught a decoding
   * that never ended.
   */
  private void begun(int seq) throws ProtocolException {
    headFor(seq, 0, 0).local().reportStart(slot);
  }

  private Throwable decodeThrowable(byte[] payload) {
    try (ObjectInput in = group.codec().input(new ByteArrayInputStream(payload), group.loader())) {
      return (Throwable) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return new SerializationException("Cannot read the exception worker process " + remote.pid() + " sent: " + e, e);
    }
  }

  /**
   * Takes in outcomes of consecutive items of the head batch. The whole frame is read before any
   * outcome is delivered, so a frame that turns out to break the protocol halfway delivers nothing.
   */
  private void outcomes(OutcomesFrame frame) throws IOException {
    InFlightBatch<SentBatch> held = headFor(frame.seq(), frame.from(), frame.count());
    OutcomeStatus[] statuses = new OutcomeStatus[frame.count()];
    Object[] values = new Object[frame.count()];
    try {
      if (frame.format() == Values.RAW) {
        readPlain(frame, statuses, values);
      } else {
        readStream(frame, statuses, values);
      }
    } catch (OutOfMemoryError e) {
      // The frame fitted, but the objects it makes do not fit beside it: its items fail, the worker goes on.
      Arrays.fill(statuses, OutcomeStatus.FAILED);
      Arrays.fill(values, cannotRead(e));
    }
    InFlightBatch<SentBatch> head = held;
    Object[] run = new Object[frame.count()]; // results of items from head.next on, not yet delivered
    int runLength = 0;
    for (int k = 0; k < frame.count(); k++) {
      if (statuses[k] == OutcomeStatus.OK) {
        run[runLength++] = values[k];
        continue;
      }
      head = deliverRun(head, run, runLength);
      runLength = 0;
      deliver(head, statuses[k], values[k]);
      head = advance(head);
    }
    deliverRun(head, run, runLength);
  }

  /**
   * Outcomes too large for this JVM's heap, which the channel read past: their items fail with a
   * {@link SerializationException} that says so, and the worker goes on.
   */
  private void dropped(OutcomesDroppedFrame frame) throws ProtocolException {
    InFlightBatch<SentBatch> head = headFor(frame.seq(), frame.from(), frame.count());
    String heap = FrameChannel.heapLimits();
    for (int k = 0; k < frame.count(); k++) {
      deliver(head, OutcomeStatus.FAILED, new SerializationException("Cannot take the result of a task from worker"
          + " process " + remote.pid() + ": its outcome" + (frame.count() > 1 ? ", with " + (frame.count() - 1)
          + " others," : "") + " took " + frame.length() + " bytes, which do not fit in this JVM's heap (" + heap
          + "); return less, or give this JVM a larger -Xmx", null));
      head = advance(head);
    }
  }

  /**
   * The batch at the head, checked against the items a frame reports. An outcome of its first
   * item means the worker began it and can no longer give it back.
   */
  private InFlightBatch<SentBatch> headFor(int seq, int from, int count) throws ProtocolException {
    InFlightBatch<SentBatch> held = window.head();
    if (held == null || held.seq() != seq || held.local().next != from || count > held.batch().size() - from) {
      throw new ProtocolException("Outcomes for items " + from + "+" + count + " of batch "
          + seq + " do not match what the worker holds"
          + (held == null ? " (nothing)" : " (batch " + held.seq() + " from item " + held.local().next + ")"));
    }
    if (from == 0) {
      window.began(held);
    }
    return held;
  }

  /** Reads outcomes whose values are all plain: every byte is the protocol's own, and must add up. */
  private static void readPlain(OutcomesFrame frame, OutcomeStatus[] statuses, Object[] values) throws ProtocolException {
    ByteBuffer body = frame.body();
    try {
      for (int k = 0; k < statuses.length; k++) {
        statuses[k] = OutcomeStatus.of(body.get());
        values[k] = statuses[k] == OutcomeStatus.SKIPPED ? null : Values.readPlain(body);
      }
    } catch (BufferUnderflowException e) {
      throw new ProtocolException("Outcomes of batch " + frame.seq() + " run past their frame");
    }
    if (body.hasRemaining()) {
      throw new ProtocolException("Outcomes of batch " + frame.seq() + " have " + body.remaining()
          + " bytes after the last one");
    }
  }

  /**
   * Reads outcomes from a codec stream. A task's object that cannot be read back here fails that
   * item; as the stream cannot be trusted past it, the items after it in this frame fail too.
   */
  private void readStream(OutcomesFrame frame, OutcomeStatus[] statuses, Object[] values) throws IOException {
    ByteBuffer body = frame.body();
    ObjectInput in;
    try {
      in = group.codec().input(
          new ByteArrayInputStream(body.array(), body.arrayOffset() + body.position(), body.remaining()), group.loader());
    } catch (IOException e) {
      throw new ProtocolException("Outcomes of batch " + frame.seq() + " are not a codec stream: " + e);
    }
    Throwable unreadable = null;
    for (int k = 0; k < statuses.length; k++) {
      statuses[k] = OutcomeStatus.FAILED;
      if (unreadable != null) {
        values[k] = cannotRead(unreadable);
        continue;
      }
      try {
        statuses[k] = status(in, frame, k);
        values[k] = statuses[k] == OutcomeStatus.SKIPPED ? null : Values.read(in);
      } catch (ProtocolException e) {
        throw e; // the worker's own bytes are wrong, not a task's object
      } catch (ClassNotFoundException e) {
        // Java serialization reads past an object whose class is missing: the rest is fine
        values[k] = statuses[k] == OutcomeStatus.FAILED
            ? new RemoteTaskException(e.getMessage(), "(its class is not available in this JVM)", new StackTraceElement[0])
            : new SerializationException("Cannot take the result of a task from worker process " + remote.pid()
                + ": class " + e.getMessage() + " is not available in this JVM", e);
        statuses[k] = OutcomeStatus.FAILED;
      } catch (IOException | RuntimeException e) {
        unreadable = e;
        statuses[k] = OutcomeStatus.FAILED;
        values[k] = cannotRead(e);
      }
    }
    if (unreadable == null && trails(in)) {
      throw new ProtocolException("Outcomes of batch " + frame.seq() + " have bytes after the last one");
    }
  }

  /** Reads the status of outcome {@code k}; the stream ending before it is the worker's lie, not a task's. */
  private static OutcomeStatus status(ObjectInput in, OutcomesFrame frame, int k) throws ProtocolException {
    try {
      return OutcomeStatus.of(in.readByte());
    } catch (IOException e) {
      throw new ProtocolException("Outcomes of batch " + frame.seq() + " end after " + k + " of the "
          + frame.count() + " they claim: " + e);
    }
  }

  /** Whether anything follows what a codec stream was read for. */
  private static boolean trails(ObjectInput in) {
    try {
      return in.read() >= 0;
    } catch (IOException e) {
      return true; // something is there, and it is not even data
    }
  }

  private SerializationException cannotRead(Throwable e) {
    return new SerializationException("Cannot read an outcome that worker process " + remote.pid() + " sent: " + e
        + (e instanceof OutOfMemoryError ? " (this JVM's heap: " + FrameChannel.heapLimits() + ")" : ""), e);
  }

  /**
   * Delivers the results of a run of items from the head on, in one report; returns the batch at
   * the head afterwards. Items that ran as quickly as a map's usually do arrive hundreds at a time.
   */
  private InFlightBatch<SentBatch> deliverRun(InFlightBatch<SentBatch> held, Object[] results, int count) {
    if (count == 0) {
      return held;
    }
    if (count == 1) {
      deliver(held, OutcomeStatus.OK, results[0]);
      return advance(held);
    }
    // The first item of the run was reported started when the one before it ended; the others
    // started and ended on the worker between two frames, and the report covers them.
    SentBatch head = held.local();
    slot.succeededRun(head.batch, head.next, results, count);
    head.next += count;
    head.startedIndex = head.next - 1;
    return advance(held);
  }

  private void deliver(InFlightBatch<SentBatch> held, OutcomeStatus status, Object value) {
    SentBatch head = held.local();
    int index = head.next;
    if (head.startedIndex != index) { // the head moved without a start report: never expected
      head.live = slot.started(head.batch, index);
      head.startedIndex = index;
    }
    if (head.live) {
      switch (status) {
        case OK -> slot.succeeded(head.batch, index, value);
        case SKIPPED -> slot.failed(head.batch, index,
            new CancellationException("Skipped: its task was cancelled or its map failed before it"));
        case UNSENDABLE -> slot.failed(head.batch, index,
            new SerializationException("Cannot send the result of a task back from worker process " + remote.pid()
                + ": " + value, null));
        case FAILED -> slot.failed(head.batch, index, value instanceof Throwable t ? t
            : new RemoteTaskException(String.valueOf(value), "(the worker sent no exception)", new StackTraceElement[0]));
      }
    }
    head.next = index + 1;
  }

  /** Moves the head past an item that has its outcome; returns the batch now at the head, if any. */
  private InFlightBatch<SentBatch> advance(InFlightBatch<SentBatch> held) {
    if (!held.local().finished()) {
      held.local().reportStart(slot);
      return held;
    }
    return window.finished(held); // the batch behind it, if any, is reported started
  }

  /** The thread that reads a worker's outcomes; futures complete on it. */
  private static final class ReaderThread extends Thread {
    ReaderThread(Runnable body, String name) {
      super(body, name);
      setDaemon(true);
    }
  }
}
