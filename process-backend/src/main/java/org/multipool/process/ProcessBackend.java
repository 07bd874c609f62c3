package org.multipool.process;

import org.multipool.process.pool.WorkerJvms;
import java.util.Set;
import org.multipool.spi.BackendOption;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/**
 * The {@code "processes"} backend: each worker is a JVM of its own, started with the caller's
 * {@code java} and class path, connected over a private Unix-domain socket.
 *
 * <p>Users do not touch this class; having {@code multipool-process-backend} on the class path is
 * enough for {@code Pool.processes(n)} to find it through {@link java.util.ServiceLoader}:
 *
 * <pre>{@code
 * try (Pool pool = Pool.processes(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProcessBackend implements PoolBackend {
  /** The id of this backend, as {@code Pool.backend()} reports it. */
  public static final String ID = "processes";

  /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
  public ProcessBackend() {}

  @Override
  public String id() {
    return ID;
  }

  /** Reads {@link BackendOption#JVM_OPTIONS}, which {@code PoolBuilder.jvmOptions} sets. */
  @Override
  public Set<BackendOption<?>> options() {
    return Set.of(BackendOption.JVM_OPTIONS);
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    return WorkerJvms.start(config, work);
  }
}
