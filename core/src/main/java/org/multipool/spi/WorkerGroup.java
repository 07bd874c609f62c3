package org.multipool.spi;

/**
 * The workers a {@link PoolBackend} started for one pool.
 *
 * <p>The pool calls {@link #close()} exactly once, after every worker that registered has
 * {@linkplain Worker#exited() exited}, so the group can release what it holds for the pool as a
 * whole, such as a socket or a temporary directory.
 *
 * <pre>{@code
 * WorkerGroup group = backend.start(config, work);
 * // ... every worker exits ...
 * group.close();
 * }</pre>
 */
public interface WorkerGroup extends AutoCloseable {

  /** Releases what the group holds once all its workers have exited; throws nothing. */
  @Override
  void close();
}
