package org.multipool.process.worker;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.Task;
import org.multipool.TaskFunction;
import org.multipool.process.wire.BatchFrame;
import org.multipool.process.wire.ByeFrame;
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
import org.multipool.process.wire.SkipAnswerFrame;
import org.multipool.process.wire.SkipFrame;
import org.multipool.process.wire.Values;

/**
 * What a worker JVM does: connect and prove itself, run the initializer, then run the batches the
 * pool sends, one item at a time, and report every outcome in order.
 *
 * <p>The main thread runs tasks. A second thread reads the pool's commands, decoding batches ahead
 * while tasks run and marking items to skip as soon as the pool says so; when the connection ends
 * the pool is gone, and so is the worker, whatever task is running.
 */
final class WorkerLoop {
  /** Outcomes of quick items wait at most this long before they travel together. */
  private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int FLUSH_BYTES = 256 * 1024;

  private final Path socket;
  private final int number;
  private final byte[] secret;
  private final Codec codec = JavaSerialization.INSTANCE;
  private final ClassLoader loader = WorkerLoop.class.getClassLoader();
  private final BlockingQueue<Object> batches = new LinkedBlockingQueue<>();
  /** Answers to skips, written by a thread of their own so that reading commands never waits. */
  private final BlockingQueue<SkipAnswerFrame> answers = new LinkedBlockingQueue<>();
  private final StopGate gate = new StopGate(() -> WorkerExit.now(ExitCode.CANCELLED_WHILE_RUNNING));
  private final Map<Integer, ReceivedBatch> unfinished = new ConcurrentHashMap<>();
  private static final Object BYE = new Object();

  WorkerLoop(Path socket, int number, byte[] secret) {
    this.socket = socket;
    this.number = number;
    this.secret = secret;
  }

  /** Runs until the pool says bye; returns the exit code. */
  ExitCode run() throws IOException {
    SocketChannel connection = SocketChannel.open(StandardProtocolFamily.UNIX);
    connection.connect(UnixDomainSocketAddress.of(socket));
    FrameChannel channel = new FrameChannel(connection);
    new HelloFrame(number, secret).write(channel);
    CommandFrame first = CommandFrame.read(channel.receive());
    if (!(first instanceof InitFrame init)) {
      throw new ProtocolException("Expected an INIT frame but got " + first);
    }
    boolean flushEach = init.flushEachOutcome();

    Thread commands = new Thread(() -> readCommands(channel), "multipool-commands");
    commands.setDaemon(true);
    commands.start();
    Thread answering = new Thread(() -> sendAnswers(channel), "multipool-skip-answers");
    answering.setDaemon(true);
    answering.start();

    OutcomeWriter outcomes = new OutcomeWriter(channel, codec);
    if (init.initializer().length > 0) {
      try {
        Task<?> initializer = (Task<?>) decode(ByteBuffer.wrap(init.initializer()));
        initializer.call();
      } catch (Throwable t) { // whatever it throws breaks the pool, as in Python
        Thread.interrupted();
        sendInitFailure(channel, t);
        return ExitCode.INITIALIZER_FAILED;
      }
      Thread.interrupted();
    }
    new ReadyFrame().write(channel);

    for (Object next; (next = takeUninterruptibly()) != BYE; ) {
      runBatch((ReceivedBatch) next, outcomes, flushEach);
    }
    outcomes.flush();
    return ExitCode.NORMAL;
  }

  private void runBatch(ReceivedBatch batch, OutcomeWriter outcomes, boolean flushEach) throws IOException {
    gate.begin(batch.seq);
    for (int i = 0; i < batch.count; i++) {
      if (!batch.mayBegin(i)) {
        outcomes.skipped(batch.seq, i);
        continue;
      }
      if (batch.unreadable != null) {
        outcomes.failed(batch.seq, i, batch.unreadable);
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
      Thread.interrupted(); // a task that interrupted itself must not reach the next one, nor the socket
      batch.items[i] = null;
      if (failure == null) {
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
    unfinished.remove(batch.seq);
    outcomes.flush(); // the pool learns at once that the batch is done and sends the next
  }

  private Object takeUninterruptibly() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return batches.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.interrupted(); // tasks of this worker start with a clear interrupt status
      }
    }
  }

  private void sendInitFailure(FrameChannel channel, Throwable failure) throws IOException {
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

  // ---- the command reader ----

  private void readCommands(FrameChannel channel) {
    Map<Integer, TaskFunction<Object, Object>> functions = new HashMap<>();
    try {
      while (true) {
        CommandFrame command = CommandFrame.read(channel.receive());
        if (command instanceof BatchFrame frame) {
          ReceivedBatch batch = decodeBatch(frame, functions);
          unfinished.put(batch.seq, batch);
          batches.add(batch);
        } else if (command instanceof SkipFrame skip) {
          ReceivedBatch batch = unfinished.get(skip.seq());
          if (batch != null) {
            batch.skip(skip.from());
          }
          if (skip.stopIfRunning() && gate.stopIfRunning(skip.seq())) {
            return; // the worker is ending; its answer would not matter
          }
          answers.add(new SkipAnswerFrame(skip.seq(), skip.from()));
        } else if (command instanceof ByeFrame) {
          batches.add(BYE);
        } else {
          throw new ProtocolException("Unexpected " + command + " after the start");
        }
      }
    } catch (EOFException e) {
      WorkerExit.now(ExitCode.POOL_GONE); // the pool closed the connection or died
    } catch (Throwable e) { // without this thread the worker is deaf: it must not linger
      System.err.println("multipool worker: the connection to the pool failed: " + e);
      WorkerExit.now(ExitCode.POOL_GONE);
    }
  }

  /**
   * Sends the answers to skips. The socket may be full while the pool is slow to read outcomes;
   * the command reader must go on reading skips meanwhile, so it never writes itself.
   */
  private void sendAnswers(FrameChannel channel) {
    try {
      while (true) {
        SkipAnswerFrame answer;
        try {
          answer = answers.take();
        } catch (InterruptedException e) {
          continue; // nothing of ours interrupts this thread; a task's stray interrupt must not end it
        }
        answer.write(channel);
      }
    } catch (Throwable e) { // without this thread the pool would wait for answers in vain
      System.err.println("multipool worker: cannot answer the pool: " + e);
      WorkerExit.now(ExitCode.POOL_GONE);
    }
  }

  @SuppressWarnings("unchecked")
  private ReceivedBatch decodeBatch(BatchFrame frame, Map<Integer, TaskFunction<Object, Object>> functions)
      throws ProtocolException {
    if (frame.forgetId() >= 0) {
      functions.remove(frame.forgetId());
    }
    if (frame.function().remaining() == 0 && !functions.containsKey(frame.functionId())) {
      throw new ProtocolException("The pool referred to function " + frame.functionId() + ", which this worker does not have");
    }
    ReceivedBatch batch = new ReceivedBatch(frame.seq(), frame.count(), frame.skipFrom());
    ByteBuffer values = frame.values();
    if (frame.format() == Values.RAW) { // plain values are the protocol's own: a bad one is no task's fault
      for (int i = 0; i < batch.count; i++) {
        batch.items[i] = Values.readPlain(values);
      }
      if (values.hasRemaining()) {
        throw new ProtocolException("A batch has " + values.remaining() + " bytes after its last item");
      }
    }
    try {
      if (frame.function().remaining() > 0) {
        functions.put(frame.functionId(), (TaskFunction<Object, Object>) decode(frame.function()));
      }
      batch.function = functions.get(frame.functionId());
      if (frame.format() == Values.STREAM) {
        try (ObjectInput in = codec.input(new ByteArrayInputStream(
            values.array(), values.arrayOffset() + values.position(), values.remaining()), loader)) {
          for (int i = 0; i < batch.count; i++) {
            batch.items[i] = Values.read(in);
          }
        }
      }
    } catch (Throwable e) { // also an Error from a class's static initializer: the task fails, not the worker
      batch.unreadable = new SerializationException("Worker process " + ProcessHandle.current().pid()
          + " cannot read the task it was sent: " + e, e);
    }
    return batch;
  }

  private Object decode(ByteBuffer bytes) throws IOException, ClassNotFoundException {
    try (ObjectInput in = codec.input(
        new ByteArrayInputStream(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()), loader)) {
      return in.readObject();
    }
  }
}
