package org.multipool.process.pool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.multipool.BrokenPoolException;
import org.multipool.WorkerCrashedException;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.SkipFrame;
import org.multipool.process.wire.TakeBackFrame;
import org.multipool.process.wire.Uninterruptibles;
import org.multipool.spi.Batch;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerControl;
import org.multipool.spi.remote.InFlightBatch;
import org.multipool.spi.remote.Room;
import org.multipool.spi.remote.SendAheadWindow;

/**
 * The pool's side of one worker JVM, from its launch to its end: it starts the process, hands the
 * connection to an {@link OutcomeReader} and a {@link BatchSender}, stops the process when the
 * pool asks, and when the process has ended tells the pool what that means: the worker was lost,
 * retired, left, or could not start.
 *
 * <p>Where the worker is in its life is one {@link Phase}. Why the pool stopped it, if it did, is
 * kept apart, as the first {@link StopReason}: a stop can come in any phase, and the end is read
 * from both.
 */
final class WorkerJvm implements WorkerControl, ChannelServer.Expected {
  private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** How long the end waits for the reader to take in what the worker sent before it died. */
  private static final long DRAIN_MILLIS = 2_000;
  /**
   * Two batches in flight, so the worker never waits for the next; sixteen while batches run
   * quicker than a round trip, because then two left the worker idle most of the time.
   */
  private static final Room ROOM = Room.quickBurst(2, 16, Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(200)));
  private static final long SKIP_ANSWER_MILLIS = 1_000;

  /** Why the pool ended a worker. */
  private enum StopKind {
    /** The pool asked: {@code cancel(true)}, a task timeout or {@code terminate()}. */
    REQUESTED,
    /** The worker did not connect in time. */
    NOT_CONNECTED,
    /** The worker broke the protocol, or one of its threads here failed. */
    MISBEHAVED
  }

  private record StopReason(StopKind kind, String why) {}

  private final WorkerJvms group;
  private final int number;
  private final String name;
  private final ChildProcess process;
  private final BatchSender sending;
  private final SendAheadWindow<SentBatch> window;
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.LAUNCHED);
  private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
  /** Open once the pool asked this worker to stop: it cuts the back-off before a replacement. */
  private final CountDownLatch stopAsked = new CountDownLatch(1);
  private volatile RemoteWorker slot;
  private volatile FrameChannel channel; // guarded by this for writes
  private volatile Thread reader; // guarded by this for writes
  private volatile WorkerCalls sharedCalls; // guarded by this for writes
  private volatile Thread sender;

  WorkerJvm(WorkerJvms group, int number, ChildProcess process) {
    this.group = group;
    this.number = number;
    this.name = group.config().name() + "-worker-" + number; // as the process is named
    this.process = process;
    this.sending = new BatchSender(this, group);
    this.window = new SendAheadWindow<>(sending, ROOM);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** Starts the process for a worker the pool has registered as {@code registered}. */
  void start(RemoteWorker registered) {
    slot = registered;
    window.attach(registered);
    group.server().expect(number, this, CONNECT_TIMEOUT_NANOS);
    process.start(group.command(number), group.server().secretLine(), this::processEnded);
  }

  /** The thread that reports the worker's end; it runs until after the pool hears the worker exited. */
  Thread endingThread() {
    return process.reportingThread();
  }

  // ---- WorkerControl ----

  @Override
  public void stop() {
    WorkerCalls calls = sharedCalls;
    if (calls != null) {
      // Interrupted now, waited for by the thread that sees the process end: the pool calls this
      // from threads (its watchdog, terminate()) that must not wait for a slow call.
      calls.stopAll();
    }
    stopAsked.countDown();
    stopBecause(StopKind.REQUESTED, "was stopped by the pool (cancel(true), a task timeout or terminate())");
  }

  /**
   * Leaves a running task that {@code cancel(true)} reached to its worker, which hears of it through
   * the {@link #skip} that follows: the worker interrupts the task and ends itself only if the task
   * has not ended after the grace, so a task that stops at the interrupt costs no worker. With a
   * grace of 0 the worker is killed at once, as a task timeout kills it.
   */
  @Override
  public void cancelRunning() {
    if (group.init().cancelGraceNanos() == 0) {
      stop();
    }
  }

  /**
   * Tells the worker not to begin the items of a batch it was sent. For a cancel, waits until the
   * worker answers (at most a second), so a cancelled task it had not begun never runs; not on the
   * pool's own reader threads, though: the answer comes on one of them, and a future completed
   * there may run a callback that cancels another task. A {@link Skip#CANCELLED_STOP_BEGUN} also
   * tells the worker to stop the item that runs, if one of them runs when it reads the skip, which
   * only the worker can tell exactly.
   */
  @Override
  public void skip(Batch batch, int from, Skip why) {
    InFlightBatch<SentBatch> held = window.skip(batch, from, why);
    if (held == null) {
      return; // not sent yet: its frame will carry the skip
    }
    if (why != Skip.UNWANTED && !OutcomeReader.onReaderThread()
        && !window.awaitAnswer(held, from, SKIP_ANSWER_MILLIS)) {
      PoolLog.LOG.log(Level.WARNING, "Worker process {0} ({1}) did not answer a skip within a second, so a"
          + " cancelled task it was sent may still run; cancels no longer wait for it until it answers",
          Long.toString(pid()), name);
    }
  }

  /**
   * Asks the worker to give back a batch it holds ahead and has not begun, for a worker that is
   * idle (semantics 27). Waits for nothing: the answer, if the worker gives it back, reaches the
   * pool through the {@link OutcomeReader}; a batch not yet sent is given back by the sender.
   */
  @Override
  public void takeBack(Batch batch) {
    window.takeBack(batch);
  }

  /** Writes a take-back frame; called by the pool's skip thread. */
  void sendTakeBack(int seq) {
    try {
      new TakeBackFrame(seq).write(channel);
    } catch (IOException e) {
      // the worker is gone; its end is reported by the thread that waits for it
    }
  }

  /** Writes a skip frame; called by the pool's skip thread. */
  void sendSkip(int seq, int from, boolean stopIfRunning) {
    try {
      new SkipFrame(seq, from, stopIfRunning).write(channel);
    } catch (IOException e) {
      // the worker is gone; its end is reported by the thread that waits for it
    }
  }

  // ---- what the sender and the reader share ----

  SendAheadWindow<SentBatch> window() {
    return window;
  }

  RemoteWorker slot() {
    return slot;
  }

  FrameChannel channel() {
    return channel;
  }

  // ---- ChannelServer.Expected ----

  @Override
  public synchronized void connected(FrameChannel connection) {
    if (window.closed() || !moveTo(Phase.CONNECTED)) {
      connection.close(); // the process has ended meanwhile
      return;
    }
    channel = connection;
    sharedCalls = new WorkerCalls(connection, group.shared());
    reader = OutcomeReader.start(new OutcomeReader(this, group, connection, window, slot, sharedCalls),
        name + "-reader");
  }

  @Override
  public void connectTimedOut() {
    stopBecause(StopKind.NOT_CONNECTED, "did not connect within "
        + TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NANOS) + " s");
  }

  // ---- what the reader and the sender report ----

  /** The worker is ready: starts its sender. False if it ended meanwhile. */
  boolean ready() {
    if (!moveTo(Phase.RUNNING)) {
      return false;
    }
    group.startFailures().ready();
    Thread thread = new Thread(sending, name + "-sender");
    thread.setDaemon(true);
    sender = thread;
    thread.start();
    return true;
  }

  /** The sender is about to say bye: the worker ran its tasks, or the pool needs it no more. */
  boolean sayingBye(boolean usedUp) {
    return moveTo(usedUp ? Phase.RETIRING : Phase.LEAVING);
  }

  /** The worker cannot be trusted with more work: stops it, saying why. */
  void misbehaved(String why) {
    stopBecause(StopKind.MISBEHAVED, "was stopped by the pool because " + why);
  }

  /** The worker cannot be written to: it is gone, or going. */
  void unreachable() {
    window.stop();
    process.kill();
  }

  private void stopBecause(StopKind kind, String why) {
    stopReason.compareAndSet(null, new StopReason(kind, why));
    window.stop();
    process.kill();
  }

  /**
   * Moves to {@code next}; false if the worker has ended. Any other move the phases do not allow
   * is a bug here.
   */
  private boolean moveTo(Phase next) {
    while (true) {
      Phase now = phase.get();
      if (now == Phase.ENDED) {
        return false;
      }
      if (!now.mayMoveTo(next)) {
        throw new AssertionError(name + " cannot move from " + now + " to " + next);
      }
      if (phase.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  // ---- the end ----

  /** Runs once the process has ended and its output is drained, on the thread that waited for it. */
  private void processEnded(int exitCode) {
    group.server().forget(number);
    window.close();
    Thread reading;
    FrameChannel connection;
    synchronized (this) { // a connection that comes after this is closed at once
      reading = reader;
      connection = channel;
    }
    // Everything the worker sent before it died still counts: let the reader get to the end.
    Uninterruptibles.join(reading, DRAIN_MILLIS);
    if (connection != null) {
      connection.close();
    }
    Uninterruptibles.join(reading);
    WorkerCalls calls = sharedCalls;
    if (calls != null) {
      calls.endAll(); // before the pool hears of the end: a dead worker's put never lands after it
    }
    Phase last = phase.getAndSet(Phase.ENDED);
    StopReason stopped = stopReason.get();
    boolean letGo = stopped != null && stopped.kind() == StopKind.REQUESTED;
    boolean failedToStart = (last == Phase.LAUNCHED || last == Phase.CONNECTED) && !letGo;
    boolean archiveMayBeAtFault = group.sharedArchive().workerEnded(number, exitCode, failedToStart);
    boolean replace = last == Phase.RUNNING || last == Phase.RETIRING;
    Duration backOff = Duration.ZERO;
    switch (last) {
      case LAUNCHED, CONNECTED -> {
        if (letGo) {
          break; // the pool let it go before it was ready
        }
        if (archiveMayBeAtFault) {
          replace = true; // its successor starts without the class-data archive
          PoolLog.LOG.log(Level.INFO, "Worker process {0} ({1}) could not start with the class-data archive"
              + " (exit code {2}); its replacement goes without", Long.toString(pid()), name, Integer.toString(exitCode));
        } else {
          Duration retry = group.startFailures().retryAfter(stopped == null && killedBySignal(exitCode));
          if (retry != null) {
            replace = true; // killed or stalled while it started: the next one may well start
            backOff = retry;
            PoolLog.LOG.log(Level.WARNING, "Worker process {0} ({1}) {2} before it was ready; a replacement"
                + " starts in {3} ms", Long.toString(pid()), name, stopped != null ? stopped.why()
                : "ended with exit code " + exitCode, Long.toString(retry.toMillis()));
          } else {
            String why = startFailure(exitCode, stopped);
            PoolLog.LOG.log(Level.ERROR, why);
            group.work().broken(new BrokenPoolException(why, process.launchFailure()));
          }
        }
      }
      case RUNNING -> {
        long pid = pid();
        String message = crashMessage(pid, exitCode, process.stderrTail(), stopped);
        // A worker that ended itself for a cancel did what the pool asked, as one the pool killed did.
        boolean cancelled = stopped == null && ExitCode.CANCELLED_WHILE_RUNNING.is(exitCode);
        PoolLog.LOG.log(letGo || cancelled ? Level.INFO : Level.WARNING,
            "Worker process {0} ({1}) ended with exit code {2} while it held tasks{3}; they fail with"
                + " WorkerCrashedException, and a replacement starts unless the pool is ending",
            Long.toString(pid), name, Integer.toString(exitCode), stopped != null ? " (it " + stopped.why() + ")"
                : cancelled ? " (it ended itself because cancel(true) reached the task it ran)" : "");
        window.settleLoss(() -> new WorkerCrashedException(message, pid, exitCode));
      }
      case RETIRING, LEAVING, ENDED -> {
        // it was told bye, and went
      }
    }
    Uninterruptibles.join(sender); // lost() ended its take(), and it sees the worker ended
    window.clear();
    if (replace) {
      waitUnlessStopped(backOff); // this slot stays registered meanwhile, so the pool never looks empty
      group.startWorker(); // registered before this one exits, so the pool never looks empty
    }
    slot.exited();
  }

  /** Waits {@code backOff}, or less if the pool asks this worker to stop (it terminates). */
  private void waitUnlessStopped(Duration backOff) {
    try {
      stopAsked.await(backOff.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread; if someone did, go on
    }
  }

  /**
   * Whether a process ended by a signal (SIGKILL, SIGSEGV, ...), as the JDK reports it: 128 plus
   * the signal. A JVM that cannot start at all exits with its own code, 1.
   */
  private static boolean killedBySignal(int exitCode) {
    return exitCode > 128 && exitCode < 160;
  }

  private String startFailure(int exitCode, StopReason stopped) {
    Throwable launch = process.launchFailure();
    if (launch != null) {
      return "Cannot launch a worker JVM for pool " + group.config().name() + " with " + group.javaExecutable()
          + ": " + launch;
    }
    String tail = process.stderrTail();
    String why = stopped != null ? stopped.why() : "exited with code " + exitCode + " before it was ready";
    return "Worker process " + pid() + " of pool " + group.config().name() + " " + why
        + (tail.isEmpty() ? "; it wrote nothing to stderr" : ". Its stderr:\n" + tail);
  }

  private String crashMessage(long pid, int exitCode, String tail, StopReason stopped) {
    String why = stopped != null ? stopped.why()
        : ExitCode.CANCELLED_WHILE_RUNNING.is(exitCode) ? "ended itself because cancel(true) reached the task it ran"
        : "died";
    return "Worker process " + pid + " of pool " + group.config().name() + " " + why + " with exit code "
        + exitCode + " while it held this task"
        + (tail.isEmpty() ? "; it wrote nothing to stderr" : ". The end of its stderr:\n" + tail);
  }

  @Override
  public String toString() {
    return "WorkerJvm[" + name + ", pid " + pid() + ", " + phase.get() + "]";
  }
}
