package org.multipool.thread;

import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/**
 * The {@code "threads"} backend: one platform thread per worker, named
 * {@code <pool name>-worker-<n>}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.threads(4)) {
 *   pool.map(url -> download(url), urls);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ThreadBackend implements PoolBackend {

  /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
  public ThreadBackend() {}

  @Override
  public String id() {
    return "threads";
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    return ThreadWorkers.start(config, work, runnable -> new Thread(runnable));
  }
}
