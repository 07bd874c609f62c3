package org.multipool.process.pool;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInput;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multipool.BrokenPoolException;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.WorkerCrashedException;
import org.multipool.process.pool.BatchEncoder.EncodedBatch;
import org.multipool.process.pool.BatchEncoder.EncodedFunction;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.ByeFrame;
import org.multipool.process.wire.EventFrame;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.InitFailedFrame;
import org.multipool.process.wire.OutcomeStatus;
import org.multipool.process.wire.OutcomesFrame;
import org.multipool.process.wire.Protocol;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.ReadyFrame;
import org.multipool.process.wire.SkipAnswerFrame;
import org.multipool.process.wire.SkipFrame;
import org.multipool.process.wire.Values;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.Worker;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.WorkerControl;

/**
 * The pool's side of one worker JVM: starts it, sends it batches, turns what it reports into item
 * outcomes, and tells the pool when it died.
 *
 * <p>Three threads serve a worker: a sender that takes batches and writes them, keeping up to
 * {@value #BATCHES_IN_FLIGHT} in flight so the worker never waits for the next (up to
 * {@value #QUICK_BATCHES_IN_FLIGHT} while batches run quicker than a round trip); a reader that
 * reads outcomes; and the thread that waits for the process to end. The worker runs items in
 * order, one at a time, so the item it runs is always the first one without an outcome: the
 * "head". When the head moves on, the pool hears that the next item has {@linkplain
 * Worker#started started}, which starts its timeout and tells whether it was cancelled meanwhile.
 * Whoever moves the head (the reader, or the sender when it hands an idle worker a batch) reports
 * that start, outside any lock.
 */
final class RemoteWorker implements WorkerControl, ChannelServer.Expected {
  static final int BATCHES_IN_FLIGHT = 2;
  /**
   * Batches in flight while they are quick: a batch of one tiny item runs in microseconds, far less
   * than the round trip that brings the next, so two in flight left the worker idle most of the time.
   */
  static final int QUICK_BATCHES_IN_FLIGHT = 16;
  /** A batch that ran for less than this is quick; one running longer ends the quick spell at once. */
  private static final long QUICK_BATCH_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final int KNOWN_FUNCTIONS = 32;
  private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long DRAIN_MILLIS = 2_000;
  private static final long SKIP_ANSWER_MILLIS = 1_000;

  private final WorkerJvms group;
  private final int number;
  private final String name;
  private final JvmProcess process;
  private volatile Worker worker;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Flight> flight = new ArrayDeque<>(); // guarded by lock
  /** How long the last batch to finish ran, from its first start to its last outcome. */
  private volatile long lastBatchNanos = Long.MAX_VALUE;
  /** Skips for batches taken but not yet in flight; weak, as a finished batch may be skipped late. */
  private final Map<Batch, Integer> earlySkips = new WeakHashMap<>(); // guarded by lock
  private boolean ended; // guarded by lock
  /** The worker left a skip unanswered for too long, and has not answered one since. */
  private boolean answersLate; // guarded by lock

  private volatile FrameChannel channel;
  private volatile Thread reader;
  private volatile Thread sender;
  private volatile boolean ready;
  private volatile boolean stopRequested;
  private volatile boolean byeSent;
  private volatile boolean usedUp;
  private volatile boolean connectTimedOut;
  private volatile RuntimeException internalError;

  RemoteWorker(WorkerJvms group, int number) {
    this.group = group;
    this.number = number;
    this.name = group.config().name() + "-worker-" + number;
    this.process = new JvmProcess(name);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** Starts the worker JVM for a worker the pool has registered. */
  void start(Worker registered) {
    worker = registered;
    group.server().expect(number, this, CONNECT_TIMEOUT_NANOS);
    process.start(group.command(number), group.server().secretLine(), this::processEnded);
  }

  // ---- WorkerControl ----

  @Override
  public void stop() {
    stopRequested = true;
    process.kill();
  }

  /**
   * Tells the worker not to begin the items of a batch it was sent. For a cancel, waits until the
   * worker answers (at most {@value #SKIP_ANSWER_MILLIS} ms), so a cancelled task it had not begun
   * never runs; not on the pool's own reader threads, though: the answer comes on one of them, and
   * a future completed there may run a callback that cancels another task. A {@link
   * Skip#CANCELLED_STOP_BEGUN} also tells the worker to end itself if one of the items is running
   * when it reads the skip, which only the worker can tell exactly.
   */
  @Override
  public void skip(Batch batch, int from, Skip why) {
    Flight held;
    boolean sendNow;
    int sendFrom;
    boolean stop;
    lock.lock();
    try {
      held = find(batch);
      if (held == null) {
        if (!ended) {
          earlySkips.merge(batch, from, Math::min); // the batch frame will carry it
        }
        return;
      }
      boolean stopIfRunning = why == Skip.CANCELLED_STOP_BEGUN;
      boolean news = from < held.skipFrom || (stopIfRunning && !held.stopIfRunning);
      held.skipFrom = Math.min(from, held.skipFrom);
      held.stopIfRunning |= stopIfRunning;
      sendNow = news && held.sent; // while it is written, the sender sends it after
      sendFrom = held.skipFrom;
      stop = held.stopIfRunning;
    } finally {
      lock.unlock();
    }
    if (sendNow) {
      group.skips().send(this, held.seq, sendFrom, stop);
    }
    if (why != Skip.UNWANTED && !(Thread.currentThread() instanceof ReaderThread)) {
      awaitSkipAnswer(held, from);
    }
  }

  /**
   * Waits until the worker has answered a skip from {@code from} on, the batch has all its
   * outcomes, or the worker has ended. A worker that leaves a skip unanswered for too long is not
   * waited for again until it answers one: its outcomes may be stuck behind a slow callback.
   */
  private void awaitSkipAnswer(Flight held, int from) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SKIP_ANSWER_MILLIS);
    lock.lock();
    try {
      while (!ended && !held.done && held.answeredFrom > from && !answersLate) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          answersLate = true;
          break;
        }
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes a skip frame; called by the pool's skip thread. */
  void sendSkip(int seq, int from, boolean stopIfRunning) {
    FrameChannel connection = channel;
    try {
      new SkipFrame(seq, from, stopIfRunning).write(connection);
    } catch (IOException e) {
      // the worker is gone; its end is reported by the thread that waits for it
    }
  }

  // ---- ChannelServer.Expected ----

  @Override
  public void connected(FrameChannel connection) {
    lock.lock();
    try {
      if (ended) {
        connection.close();
        return;
      }
      channel = connection;
      Thread thread = new ReaderThread(this::read, name + "-reader");
      reader = thread;
      thread.start();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void connectTimedOut() {
    connectTimedOut = true;
    process.kill();
  }

  // ---- reading ----

  private void read() {
    FrameChannel connection = channel;
    try {
      group.init().write(connection);
      EventFrame first = EventFrame.read(connection.receive());
      if (first instanceof InitFailedFrame failed) {
        Throwable cause = decodeThrowable(failed.exception());
        group.work().broken(new BrokenPoolException("The initializer failed in worker process "
            + pid() + " of pool " + group.config().name() + ": " + cause, cause));
        return;
      }
      if (!(first instanceof ReadyFrame)) {
        throw new ProtocolException("Expected READY or INIT_FAILED but got " + first);
      }
      ready = true;
      Thread thread = new Thread(this::send, name + "-sender");
      thread.setDaemon(true);
      sender = thread;
      thread.start();
      while (true) {
        EventFrame frame = EventFrame.read(connection.receive());
        if (frame instanceof OutcomesFrame outcomes) {
          outcomes(outcomes);
        } else if (frame instanceof SkipAnswerFrame answer) {
          skipAnswered(answer);
        } else {
          throw new ProtocolException("Expected OUTCOMES or SKIP_ANSWER but got " + frame);
        }
      }
    } catch (EOFException e) {
      // the worker exited or was killed: the thread that waits for the process reports it
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof IOException)) {
        internalError = (RuntimeException) e;
      }
      process.kill(); // a worker that says something unexpected cannot be trusted with more work
    }
  }

  /** Takes in a {@link Event#SKIP_ANSWER}; the batch may have all its outcomes already. */
  private void skipAnswered(SkipAnswerFrame answer) {
    int seq = answer.seq();
    int from = answer.from();
    lock.lock();
    try {
      answersLate = false;
      for (Flight held : flight) {
        if (held.seq == seq) {
          held.answeredFrom = Math.min(from, held.answeredFrom);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Throwable decodeThrowable(byte[] payload) {
    try (ObjectInput in = group.codec().input(new ByteArrayInputStream(payload), group.loader())) {
      return (Throwable) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return new SerializationException("Cannot read the exception worker process " + pid() + " sent: " + e, e);
    }
  }

  /** Takes in an {@link Event#OUTCOMES} frame: outcomes of consecutive items of the head batch. */
  private void outcomes(OutcomesFrame frame) throws IOException {
    int seq = frame.seq();
    int from = frame.from();
    int count = frame.count();
    Flight head = head();
    if (head == null || head.seq != seq || head.next != from || count > head.batch.size() - from) {
      throw new ProtocolException("Outcomes for items " + from + "+" + count + " of batch " + seq
          + " do not match what worker " + name + " holds");
    }
    boolean raw = frame.format() == Values.RAW;
    ByteBuffer plain = raw ? frame.body() : null;
    ObjectInput in = raw ? null : group.codec().input(new ByteArrayInputStream(
        frame.body().array(), frame.body().arrayOffset() + frame.body().position(), frame.body().remaining()),
        group.loader());
    Throwable unreadable = null;
    Object[] run = new Object[count]; // results of items from head.next on, not yet delivered
    int runLength = 0;
    for (int k = 0; k < count; k++) {
      OutcomeStatus status = OutcomeStatus.FAILED;
      Object value;
      if (unreadable != null) {
        value = cannotRead(unreadable);
      } else {
        try {
          status = OutcomeStatus.of(raw ? plain.get() : in.readByte());
          value = status == OutcomeStatus.SKIPPED ? null : raw ? Values.readPlain(plain) : Values.read(in);
        } catch (ClassNotFoundException e) {
          // Java serialization reads past an object whose class is missing: the rest is fine
          value = status == OutcomeStatus.FAILED
              ? new RemoteTaskException(e.getMessage(), "(its class is not available in this JVM)", new StackTraceElement[0])
              : new SerializationException("Cannot take the result of a task from worker process " + pid()
                  + ": class " + e.getMessage() + " is not available in this JVM", e);
          status = OutcomeStatus.FAILED;
        } catch (IOException | RuntimeException e) {
          unreadable = e;
          status = OutcomeStatus.FAILED;
          value = cannotRead(e);
        }
      }
      if (status == OutcomeStatus.OK) {
        run[runLength++] = value;
        continue;
      }
      head = deliverRun(head, run, runLength);
      runLength = 0;
      deliver(head, status, value);
      head = advance(head);
    }
    deliverRun(head, run, runLength);
  }

  /**
   * Delivers the results of a run of items from the head on, in one report; returns the batch at
   * the head afterwards. Items that ran as quickly as a map's usually do arrive hundreds at a time.
   */
  private Flight deliverRun(Flight head, Object[] results, int count) {
    if (count == 0) {
      return head;
    }
    if (count == 1) {
      deliver(head, OutcomeStatus.OK, results[0]);
      return advance(head);
    }
    // The first item of the run was reported started when the one before it ended; the others
    // started and ended on the worker between two frames, and the report covers them.
    worker.succeededRun(head.batch, head.next, results, count);
    head.next += count;
    head.startedIndex = head.next - 1;
    return advance(head);
  }

  private SerializationException cannotRead(Throwable e) {
    return new SerializationException("Cannot read an outcome that worker process " + pid() + " sent: " + e, e);
  }

  private void deliver(Flight head, OutcomeStatus status, Object value) {
    int index = head.next;
    if (head.startedIndex != index) { // the head moved without a start report: never expected
      head.live = worker.started(head.batch, index);
      head.startedIndex = index;
    }
    if (head.live) {
      switch (status) {
        case OK -> worker.succeeded(head.batch, index, value);
        case SKIPPED -> worker.failed(head.batch, index,
            new CancellationException("Skipped: its task was cancelled or its map failed before it"));
        case UNSENDABLE -> worker.failed(head.batch, index,
            new SerializationException("Cannot send the result of a task back from worker process " + pid()
                + ": " + value, null));
        default -> worker.failed(head.batch, index, value instanceof Throwable t ? t
            : new ProtocolException("Worker " + name + " sent " + value + " as an exception"));
      }
    }
    head.next = index + 1;
  }

  /** Moves the head past an item that has its outcome; returns the batch now at the head, if any. */
  private Flight advance(Flight head) {
    if (head.next < head.batch.size()) {
      start(head);
      return head;
    }
    lastBatchNanos = System.nanoTime() - head.startedAt;
    Flight next;
    lock.lock();
    try {
      flight.removeFirst().done = true;
      changed.signalAll();
      next = flight.peekFirst();
      if (next != null) {
        next.claimed = true;
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      start(next);
    }
    return next;
  }

  /** Reports that the head item has started on the worker. */
  private void start(Flight head) {
    if (head.startedAt == 0) {
      head.startedAt = System.nanoTime();
    }
    head.live = worker.started(head.batch, head.next);
    head.startedIndex = head.next;
  }

  private Flight head() {
    lock.lock();
    try {
      return flight.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  private Flight find(Batch batch) {
    for (Flight held : flight) {
      if (held.batch == batch) {
        return held;
      }
    }
    return null;
  }

  // ---- sending ----

  private void send() {
    FrameChannel connection = channel;
    int budget = group.config().maxTasksPerWorker();
    Map<Integer, Boolean> known = new LinkedHashMap<>(64, 0.75f, true);
    int seq = 0;
    try {
      while (budget > 0) {
        if (!awaitRoom()) {
          return;
        }
        Batch batch = worker.take(budget);
        if (batch == null) {
          break;
        }
        if (stopRequested) {
          return; // the worker is being killed: the batch stays untouched and is queued again when it is lost
        }
        if (budget != PoolConfig.UNLIMITED_TASKS) {
          budget -= batch.size();
        }
        EncodedBatch encoded;
        try {
          encoded = batch.prepared() instanceof EncodedBatch prepared
              ? prepared
              : group.encoder().encode(batch); // a part of a prepared batch, split for maxTasksPerWorker
          long frame = 64L + encoded.function().bytes().length + encoded.items().size();
          if (frame > Protocol.MAX_FRAME) {
            throw new SerializationException("A batch of " + batch.size() + " items encodes to " + frame
                + " bytes, more than the " + Protocol.MAX_FRAME + " one frame can hold", null);
          }
        } catch (RuntimeException e) { // the caller changed its items since the call, say
          if (!failHere(batch, e)) {
            return;
          }
          continue;
        }
        Flight sending = new Flight(batch, seq++);
        boolean head;
        lock.lock();
        try {
          Integer early = earlySkips.remove(batch);
          sending.skipFrom = early == null ? batch.size() : early;
          flight.addLast(sending);
          head = flight.size() == 1;
          sending.claimed = head;
        } finally {
          lock.unlock();
        }
        if (head) {
          start(sending); // an idle worker begins this batch as soon as it arrives
        }
        int skipFrom = write(connection, sending, encoded, known);
        boolean skippedMeanwhile;
        int skipFromNow;
        boolean stopNow;
        lock.lock();
        try {
          sending.sent = true;
          sending.answeredFrom = skipFrom; // the worker reads it with the batch
          skippedMeanwhile = sending.skipFrom < skipFrom;
          skipFromNow = sending.skipFrom;
          stopNow = sending.stopIfRunning;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        if (skippedMeanwhile) {
          group.skips().send(this, sending.seq, skipFromNow, stopNow);
        }
      }
      usedUp = budget <= 0;
      if (awaitAllOutcomes()) {
        byeSent = true;
        new ByeFrame().write(connection);
      }
    } catch (IOException e) {
      process.kill(); // the worker is gone or unreachable; its end is reported when it has exited
    } catch (RuntimeException e) {
      internalError = e;
      process.kill();
    }
  }

  /**
   * Fails the items of a batch that cannot be sent, in this JVM, once the worker has reported all
   * it was sent before: items are reported in order. Another worker would fail the same way, so
   * the batch must not go back to the queue. False if the worker ended meanwhile.
   */
  private boolean failHere(Batch batch, RuntimeException cause) {
    if (!awaitAllOutcomes()) {
      return false;
    }
    RuntimeException failure = cause instanceof SerializationException ? cause
        : new SerializationException("Cannot send a batch to worker process " + pid() + ": " + cause, cause);
    for (int i = 0; i < batch.size(); i++) {
      if (worker.started(batch, i)) {
        worker.failed(batch, i, failure);
      }
    }
    return true;
  }

  /** Writes a batch frame; returns the skip position it carried. */
  private int write(FrameChannel connection, Flight sending, EncodedBatch encoded, Map<Integer, Boolean> known)
      throws IOException {
    EncodedFunction function = encoded.function();
    boolean workerHasIt = known.containsKey(function.id()); // also marks it as used last
    int forget = -1;
    if (!workerHasIt) {
      known.put(function.id(), Boolean.TRUE);
      if (known.size() > KNOWN_FUNCTIONS) {
        Integer eldest = known.keySet().iterator().next();
        known.remove(eldest);
        forget = eldest;
      }
    }
    int skipFrom;
    lock.lock();
    try {
      skipFrom = sending.skipFrom;
    } finally {
      lock.unlock();
    }
    byte[] functionBytes = workerHasIt ? new byte[0] : function.bytes();
    new BatchFrame(sending.seq, function.id(), ByteBuffer.wrap(functionBytes), forget, skipFrom,
        sending.batch.size(), ByteBuffer.wrap(encoded.items().array(), 0, encoded.items().size()))
        .write(connection);
    return skipFrom;
  }

  /** Waits until fewer than the most batches are in flight; false if the worker has ended. */
  private boolean awaitRoom() {
    lock.lock();
    try {
      while (!ended && !stopRequested && flight.size() >= room()) {
        changed.awaitUninterruptibly();
      }
      return !ended && !stopRequested;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Must hold the lock. How many batches may be in flight: more only while batches are quick, so
   * that a long task never waits behind many others on a busy worker while another could take it.
   */
  private int room() {
    Flight running = flight.peekFirst();
    boolean quick = lastBatchNanos < QUICK_BATCH_NANOS
        && (running == null || running.startedAt == 0 || System.nanoTime() - running.startedAt < QUICK_BATCH_NANOS);
    return quick ? QUICK_BATCHES_IN_FLIGHT : BATCHES_IN_FLIGHT;
  }

  /** Waits until every batch sent has its outcomes; false if the worker has ended. */
  private boolean awaitAllOutcomes() {
    lock.lock();
    try {
      while (!ended && !flight.isEmpty()) {
        changed.awaitUninterruptibly();
      }
      return !ended;
    } finally {
      lock.unlock();
    }
  }

  // ---- the end ----

  /** Runs once the process has ended and its output is drained, on the thread that waited for it. */
  private void processEnded(int exitCode) {
    group.server().forget(number);
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // Everything the worker sent before it died still counts: let the reader get to the end.
    join(reader, DRAIN_MILLIS);
    FrameChannel connection = channel;
    if (connection != null) {
      connection.close();
    }
    join(reader, 0);
    if (!ready) {
      if (!stopRequested) {
        group.work().broken(new BrokenPoolException(startFailure(exitCode), process.launchFailure()));
      }
    } else if (!byeSent) {
      long pid = pid();
      String tail = process.stderrTail();
      RuntimeException error = internalError;
      worker.lost(() -> new WorkerCrashedException(crashMessage(pid, exitCode, tail, error), pid, exitCode));
    }
    join(sender, 0); // lost() ended its take(), and it sees the worker ended
    lock.lock();
    try {
      flight.clear(); // what it held has its outcome or is queued again: let it go
      earlySkips.clear();
    } finally {
      lock.unlock();
    }
    if ((ready && !byeSent) || usedUp) {
      group.startWorker(); // registered before this one exits, so the pool never looks empty
    }
    worker.exited();
  }

  private String startFailure(int exitCode) {
    Throwable launch = process.launchFailure();
    if (launch != null) {
      return "Cannot launch a worker JVM for pool " + group.config().name() + " with " + group.command(number).get(0)
          + ": " + launch;
    }
    String tail = process.stderrTail();
    String why = connectTimedOut
        ? "did not connect within " + TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NANOS) + " s"
        : "exited with code " + exitCode + " before it was ready";
    return "Worker process " + pid() + " of pool " + group.config().name() + " " + why
        + (tail.isEmpty() ? "; it wrote nothing to stderr" : ". Its stderr:\n" + tail);
  }

  private String crashMessage(long pid, int exitCode, String tail, RuntimeException error) {
    String why = error != null ? "was stopped by the pool after an internal error (" + error + ")"
        : stopRequested ? "was stopped by the pool (cancel(true), a task timeout or terminate())"
        : ExitCode.CANCELLED_WHILE_RUNNING.is(exitCode) ? "ended itself because cancel(true) reached the task it ran"
        : "died";
    return "Worker process " + pid + " of pool " + group.config().name() + " " + why + " with exit code "
        + exitCode + " while it held this task"
        + (tail.isEmpty() ? "; it wrote nothing to stderr" : ". The end of its stderr:\n" + tail);
  }

  /** The thread that reports the worker's end; it runs until after the pool hears the worker exited. */
  Thread endingThread() {
    return process.reportingThread();
  }

  private static void join(Thread thread, long millis) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (thread.isAlive()) {
      long left = millis == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (millis != 0 && left <= 0) {
        break;
      }
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RemoteWorker[" + name + ", pid " + pid() + "]";
  }

  /** The thread that reads a worker's outcomes; futures complete on it. */
  private static final class ReaderThread extends Thread {
    ReaderThread(Runnable body, String name) {
      super(body, name);
      setDaemon(true);
    }
  }

  /** A batch sent, or about to be sent, to the worker. */
  private static final class Flight {
    final Batch batch;
    final int seq;
    int skipFrom; // guarded by lock
    boolean sent; // guarded by lock
    /** The lowest skip position the worker has received; guarded by lock. */
    int answeredFrom = Integer.MAX_VALUE;
    /** A {@code cancel(true)} skipped items of it: the worker ends if one of them runs; guarded by lock. */
    boolean stopIfRunning;
    /** Every item has its outcome; guarded by lock. */
    boolean done;
    boolean claimed; // guarded by lock: someone reported or will report its first start
    /** The first item without an outcome; only the thread that moves the head touches it. */
    volatile int next;
    volatile int startedIndex = -1;
    volatile boolean live;
    /** When its first item started; 0 until then. Only the thread that moves the head writes it. */
    volatile long startedAt;

    Flight(Batch batch, int seq) {
      this.batch = batch;
      this.seq = seq;
    }
  }
}
