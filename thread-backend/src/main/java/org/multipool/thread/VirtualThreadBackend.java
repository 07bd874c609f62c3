package org.multipool.thread;

import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/**
 * The {@code "virtual-threads"} backend (JDK 21+): as many virtual threads as tasks may run at once,
 * for large numbers of tasks that mostly wait.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().virtualThreads(10_000).build()) {
 *   pool.map(url -> fetch(url), urls);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class VirtualThreadBackend implements PoolBackend {

  /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
  public VirtualThreadBackend() {}

  @Override
  public String id() {
    return "virtual-threads";
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    return ThreadWorkers.start(config, work, VirtualThreads.factory());
  }
}
