package org.multipool.process.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.InitFrame;
import org.multipool.process.wire.JavaSerialization;
import org.multipool.process.wire.Uninterruptibles;
import org.multipool.spi.BackendOption;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.SharedObjects;
import org.multipool.spi.WorkSource;
import org.multipool.spi.RemoteWorker;
import org.multipool.spi.WorkerGroup;

/**
 * The worker JVMs of one pool and what they share: the socket they connect to, the codec, the
 * command that starts them, and the thread that sends skips.
 */
public final class WorkerJvms implements WorkerGroup {
  private final PoolConfig config;
  private final WorkSource work;
  private final ClassLoader loader;
  private final Codec codec = JavaSerialization.INSTANCE;
  private final BatchEncoder encoder = new BatchEncoder(codec);
  private final ChannelServer server;
  private final WorkerCommand command;
  private final InitFrame init;
  private final Function<String, ChildProcess> processes;
  private final SkipSender skips;
  private final ProcessSharedObjects shared;
  private final SharedCallServer sharedCalls;
  private final AtomicInteger numbers = new AtomicInteger();
  private final StartFailures startFailures = new StartFailures();
  /** The threads that report workers' ends; the reader and sender end before the report. */
  private final Set<Thread> reporters = ConcurrentHashMap.newKeySet();

  private WorkerJvms(PoolConfig config, WorkSource work, ClassLoader loader, ChannelServer server,
      Function<String, ChildProcess> processes, long cancelGraceNanos) {
    this.config = config;
    this.processes = processes;
    this.work = work;
    this.loader = loader;
    this.server = server;
    this.command = new WorkerCommand(config.option(BackendOption.JVM_OPTIONS), loader, config.workers());
    byte[] initializer = config.initializer() == null
        ? new byte[0]
        : encoder.bytesOf(config.initializer(), "the initializer ");
    this.init = new InitFrame(config.taskTimeout() != null, cancelGraceNanos, initializer);
    this.skips = new SkipSender(config.name());
    this.shared = new ProcessSharedObjects(config.name(), config.workers(), codec, loader);
    this.sharedCalls = new SharedCallServer(shared);
  }

  /**
   * Opens the channel and starts every worker JVM at once; they boot in parallel.
   *
   * @throws IllegalArgumentException if the system property {@value CancelGrace#PROPERTY} is wrong
   */
  public static WorkerJvms start(PoolConfig config, WorkSource work) {
    return start(config, work, JvmProcess::new);
  }

  /** The same, with workers in the processes {@code processes} makes for a worker's name: tests run them in this JVM. */
  static WorkerJvms start(PoolConfig config, WorkSource work, Function<String, ChildProcess> processes) {
    long cancelGraceNanos = CancelGrace.nanos(); // first: a wrong setting must open nothing
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = WorkerJvms.class.getClassLoader();
    }
    ChannelServer server;
    try {
      server = ChannelServer.open(config.name());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the pool's socket: " + e.getMessage(), e);
    }
    WorkerJvms workers;
    try {
      workers = new WorkerJvms(config, work, loader, server, processes, cancelGraceNanos);
    } catch (RuntimeException e) { // an initializer that cannot be serialized
      server.close();
      throw e;
    }
    for (int i = 0; i < config.workers(); i++) {
      workers.startWorker();
    }
    return workers;
  }

  /** Starts one more worker JVM, unless the pool is stopping. */
  void startWorker() {
    int number = numbers.incrementAndGet();
    WorkerJvm remote = new WorkerJvm(this, number, processes.apply(config.name() + "-worker-" + number));
    RemoteWorker worker = work.newRemoteWorker(remote.name(), remote);
    if (worker == null) {
      return;
    }
    remote.start(worker);
    reporters.removeIf(thread -> !thread.isAlive()); // forget workers long gone: pools may recycle for days
    Thread reporter = remote.endingThread();
    if (reporter != null) {
      reporters.add(reporter);
    }
  }

  /** The pool's queues and maps live in this JVM; workers reach them over their connections. */
  @Override
  public SharedObjects sharedObjects(String poolName) {
    return shared;
  }

  @Override
  public Object prepare(Batch batch) {
    return encoder.encode(batch);
  }

  /** Waits for the threads of every worker, then removes the socket and its directory. */
  @Override
  public void close() {
    for (Thread reporter : reporters) {
      Uninterruptibles.join(reporter);
    }
    reporters.clear();
    skips.close();
    shared.close(); // the pool closed it already; this only makes sure
    server.close();
  }

  PoolConfig config() {
    return config;
  }

  WorkSource work() {
    return work;
  }

  ClassLoader loader() {
    return loader;
  }

  Codec codec() {
    return codec;
  }

  BatchEncoder encoder() {
    return encoder;
  }

  ChannelServer server() {
    return server;
  }

  StartFailures startFailures() {
    return startFailures;
  }

  ProcessSharedObjects shared() {
    return shared;
  }

  SharedCallServer sharedCalls() {
    return sharedCalls;
  }

  SkipSender skips() {
    return skips;
  }

  InitFrame init() {
    return init;
  }

  /** The command that starts worker {@code number}; call it once per worker, as it may choose the one that records the class-data archive. */
  List<String> command(int number) {
    return command.forWorker(server.socket(), number);
  }

  String javaExecutable() {
    return command.executable();
  }

  SharedArchive sharedArchive() {
    return command.sharedArchive();
  }
}
