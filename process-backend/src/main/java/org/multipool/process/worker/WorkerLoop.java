package org.multipool.process.worker;

import java.io.IOException;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.multipool.RemoteTaskException;
import org.multipool.Task;
import org.multipool.process.wire.Bytes;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.CommandFrame;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.HelloFrame;
import org.multipool.process.wire.InitFailedFrame;
import org.multipool.process.wire.InitFrame;
import org.multipool.process.wire.JavaSerialization;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.ReadyFrame;
import org.multipool.process.wire.SharedRef;
import org.multipool.process.wire.Uninterruptibles;

/**
 * What a worker JVM does: prove itself to the pool, run the initializer, then run the batches the
 * pool sends, one item at a time, and report every outcome in order.
 *
 * <p>The thread that calls {@link #run} runs tasks. A {@link CommandReader} reads the pool's
 * commands meanwhile, {@link SkipAnswers} answers its skips, and a {@link Canceller} stops an item
 * that {@code cancel(true)} reached. Shared queues and maps that tasks capture turn into proxies
 * here, whose calls go through {@link SharedCalls}. How the worker ends is a parameter, so the
 * whole loop also runs inside a test's JVM:
 *
 * <pre>{@code
 * ExitCode code = new WorkerLoop(channel, number, secret, WorkerExit::now).run();
 * }</pre>
 */
public final class WorkerLoop {
  /** The pool said bye: what is queued before it runs, then the worker ends. */
  static final Object BYE = new Object();
  /** The pool is gone: the worker ends now. */
  static final Object GONE = new Object();

  /** Outcomes of quick items wait at most this long before they travel together. */
  private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int FLUSH_BYTES = 256 * 1024;

  private final FrameChannel channel;
  private final int number;
  private final byte[] secret;
  private final Consumer<ExitCode> exit;
  private final Codec codec = JavaSerialization.INSTANCE;
  private final BatchDecoder decoder = new BatchDecoder(codec, WorkerLoop.class.getClassLoader());
  private final BlockingQueue<Object> work = new LinkedBlockingQueue<>();
  private final StopGate gate;
  private final RunningItem item = new RunningItem();
  private final FaultInjection faults;
  private final SharedCalls shared;

  /**
   * @param channel the connection to the pool
   * @param number the number the pool gave this worker
   * @param secret the pool's secret, which proves this worker was started by it
   * @param exit ends the worker from a thread other than the one that runs {@link #run}, when the
   *     pool is gone or a task that {@code cancel(true)} reached does not end in time; it may return
   */
  public WorkerLoop(FrameChannel channel, int number, byte[] secret, Consumer<ExitCode> exit) {
    this(channel, number, secret, exit, FaultInjection.NONE);
  }

  WorkerLoop(FrameChannel channel, int number, byte[] secret, Consumer<ExitCode> exit, FaultInjection faults) {
    this.channel = channel;
    this.number = number;
    this.secret = secret.clone();
    this.exit = exit;
    this.faults = faults;
    this.gate = new StopGate(() -> exit.accept(ExitCode.CANCELLED_WHILE_RUNNING));
    this.shared = new SharedCalls(channel, codec, WorkerLoop.class.getClassLoader());
  }

  /** Runs until the pool says bye or is gone; returns the code to exit with. */
  public ExitCode run() throws IOException {
    faults.at(FaultInjection.Point.BEFORE_HELLO);
    new HelloFrame(number, secret).write(channel);
    faults.at(FaultInjection.Point.AFTER_HELLO);
    CommandFrame first = CommandFrame.read(channel.receive());
    if (!(first instanceof InitFrame init)) {
      throw new ProtocolException("Expected an INIT frame but got " + first);
    }
    SkipAnswers answers = new SkipAnswers(channel, exit, faults);
    SharedRef.useProxies(ref -> ref.queue() ? new RemoteQueue<>(ref, shared) : new RemoteMap<>(ref, shared));
    Canceller canceller = new Canceller(init.cancelGraceNanos(), gate, item, channel, Thread.currentThread(),
        () -> work.add(GONE));
    CommandReader commands = new CommandReader(channel, decoder, work, answers, shared, canceller, exit);
    start(commands, "multipool-commands");
    start(answers, "multipool-skip-answers");

    try {
      return runTasks(init, commands);
    } finally {
      // the worker is done: in a JVM of its own it ends anyway, in a test it must not leak
      answers.stop();
      canceller.close();
    }
  }

  private ExitCode runTasks(InitFrame init, CommandReader commands) throws IOException {
    if (init.initializer().length > 0) {
      try {
        Task<?> initializer = (Task<?>) decoder.decode(ByteBuffer.wrap(init.initializer()));
        faults.at(FaultInjection.Point.IN_INITIALIZER);
        initializer.call();
      } catch (Throwable t) { // whatever it throws breaks the pool, as in Python
        Thread.interrupted();
        sendInitFailure(t);
        return ExitCode.INITIALIZER_FAILED;
      }
      Thread.interrupted();
    }
    new ReadyFrame().write(channel);

    OutcomeWriter outcomes = new OutcomeWriter(channel, codec, faults);
    while (true) {
      Object next = Uninterruptibles.take(work);
      Thread.interrupted(); // tasks of this worker start with a clear interrupt status
      if (next == BYE) {
        outcomes.flush();
        faults.at(FaultInjection.Point.AFTER_BYE);
        return ExitCode.NORMAL;
      }
      if (next == GONE) {
        return ExitCode.POOL_GONE;
      }
      ReceivedBatch batch = (ReceivedBatch) next;
      if (batch.begin()) { // else the pool took it back for an idle worker: no outcome of it is due
        runBatch(batch, outcomes, init.flushEachOutcome());
      }
      commands.finished(batch.seq);
    }
  }

  private static void start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void runBatch(ReceivedBatch batch, OutcomeWriter outcomes, boolean flushEach) throws IOException {
    if (!gate.begin(batch.seq)) {
      return; // a cancel(true) stopped the worker, and it did not end: a test's JVM
    }
    faults.batchBegins();
    for (int i = 0; i < batch.count; i++) {
      item.begin(batch.seq, i); // before the skip mark is read: a cancel either sees this item or is seen
      boolean begins = batch.mayBegin(i);
      if (!begins || batch.unreadable != null) {
        item.end(batch.seq, i); // it never ran: a cancel that claimed it meanwhile stopped nothing
        if (begins) {
          outcomes.failed(batch.seq, i, batch.unreadable);
        } else {
          outcomes.skipped(batch.seq, i);
        }
        continue;
      }
      Object result;
      Throwable failure = null;
      try {
        result = batch.function.apply(batch.items[i]);
      } catch (Throwable t) { // every failure belongs to its task, not to the worker
        result = null;
        failure = t;
      }
      boolean cancelled = item.end(batch.seq, i); // from here on no cancel interrupts this thread
      Thread.interrupted(); // a task that interrupted itself must not reach the next one, nor the socket
      shared.taskEnded();
      batch.items[i] = null;
      if (cancelled) {
        outcomes.skipped(batch.seq, i); // whatever it did after the interrupt is not its outcome
      } else if (failure == null) {
        outcomes.succeeded(batch.seq, i, result);
      } else {
        outcomes.failed(batch.seq, i, failure);
        batch.skip(i + 1); // see Protocol: a batch stops at its first failure
      }
      if (flushEach || outcomes.openNanos(System.nanoTime()) >= FLUSH_NANOS
          || outcomes.openBytes() >= FLUSH_BYTES) {
        outcomes.flush();
      }
    }
    gate.end();
    faults.batchEnds();
    outcomes.flush(); // the pool learns at once that the batch is done and sends the next
  }

  private void sendInitFailure(Throwable failure) throws IOException {
    Bytes bytes = new Bytes(1024);
    try {
      writeOne(bytes, failure);
    } catch (IOException | RuntimeException e) { // it cannot travel: send what can stand in for it
      bytes.truncate(0);
      writeOne(bytes, new RemoteTaskException(
          failure.getClass().getName(), failure.getMessage(), failure.getStackTrace()));
    }
    new InitFailedFrame(bytes.toByteArray()).write(channel);
  }

  private void writeOne(Bytes bytes, Object value) throws IOException {
    ObjectOutput out = codec.output(bytes);
    out.writeObject(value);
    out.flush();
  }
}
