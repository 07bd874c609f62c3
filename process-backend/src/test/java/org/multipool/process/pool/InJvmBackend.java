package org.multipool.process.pool;

import java.util.function.Function;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/**
 * The process backend with its workers in this JVM ({@link InJvmProcess}): the pool's side as it
 * is, the worker's side as it is, a real socket between them, and no JVM started. Tests reach it
 * as {@code Pool.builder().backend(InJvmBackend.ID, n)}; a test may set the peers for the next
 * pools with {@link #peers}.
 */
public final class InJvmBackend implements PoolBackend {
  public static final String ID = "in-jvm-processes";

  private static volatile Function<String, ChildProcess> processes = name -> new InJvmProcess(name, InJvmProcess.WORKER_LOOP);

  /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
  public InJvmBackend() {}

  /** What the next pools run as their workers; the real worker loop unless a test says otherwise. */
  static void peers(Function<String, ChildProcess> next) {
    processes = next;
  }

  /** Back to the real worker loop. */
  static void reset() {
    processes = name -> new InJvmProcess(name, InJvmProcess.WORKER_LOOP);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    return WorkerJvms.start(config, work, processes);
  }
}
