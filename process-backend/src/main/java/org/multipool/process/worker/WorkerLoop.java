package org.multipool.process.worker;

import java.io.IOException;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
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
import org.multipool.spi.remote.OrderedBatchRunner;
import org.multipool.spi.remote.StopTimer;
import org.multipool.spi.remote.Stopping;

/**
 * What a worker JVM does: prove itself to the pool, run the initializer, then run the batches the
 * pool sends, one item at a time, and report every outcome in order.
 *
 * <p>The thread that calls {@link #run} runs tasks, in an
 * {@link OrderedBatchRunner}: batches in order, skip points, and a {@code cancel(true)} that
 * interrupts only its item and ends the worker if that item outlives the grace. A
 * {@link CommandReader} reads the pool's commands meanwhile, {@link SkipAnswers} answers its
 * skips, and {@link FrameSink} turns outcomes into frames. Shared queues and maps that tasks
 * capture turn into proxies here, whose calls go through {@link SharedCalls}. How the worker ends
 * is a parameter, so the whole loop also runs inside a test's JVM:
 *
 * <pre>{@code
 * ExitCode code = new WorkerLoop(channel, number, secret, WorkerExit::now).run();
 * }</pre>
 */
public final class WorkerLoop {
  private final FrameChannel channel;
  private final int number;
  private final byte[] secret;
  private final Consumer<ExitCode> exit;
  private final Codec codec = JavaSerialization.INSTANCE;
  private final BatchDecoder decoder = new BatchDecoder(codec, WorkerLoop.class.getClassLoader());
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
    long grace = init.cancelGraceNanos();
    // The interrupt waits for a frame the task writes: an interrupt inside a socket write closes the channel.
    Stopping stopping = Stopping.killAfter(grace, thread -> channel.interruptBetweenWrites(thread, grace),
        () -> exit.accept(ExitCode.CANCELLED_WHILE_RUNNING));
    FrameSink sink = new FrameSink(new OutcomeWriter(channel, codec, faults), faults, shared, init.flushEachOutcome());
    try (StopTimer timer = new StopTimer("multipool-cancel")) {
      OrderedBatchRunner<ReceivedBatch> runner = new OrderedBatchRunner<>(sink, timer, stopping);
      CommandReader commands = new CommandReader(channel, decoder, runner, answers, shared, exit);
      start(commands, "multipool-commands");
      start(answers, "multipool-skip-answers");
      try {
        return runTasks(init, runner, sink);
      } finally {
        runner.abandon(); // the worker is done: in a JVM of its own it ends anyway, in a test it must not leak
        answers.stop();
      }
    }
  }

  private ExitCode runTasks(InitFrame init, OrderedBatchRunner<ReceivedBatch> runner, FrameSink sink)
      throws IOException {
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
    if (!runner.run()) {
      return ExitCode.POOL_GONE; // the pool is gone, or a cancel(true) stopped the worker and it did not end
    }
    sink.flush();
    faults.at(FaultInjection.Point.AFTER_BYE);
    return ExitCode.NORMAL;
  }

  private static void start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
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
