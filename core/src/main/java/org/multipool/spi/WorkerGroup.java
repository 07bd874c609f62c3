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
 *
 * @since 0.1.0
 */
public interface WorkerGroup extends AutoCloseable {

  /**
   * Makes a batch ready to leave this JVM, on the thread of the call that made it, before it is
   * queued. A backend whose workers live elsewhere encodes the function and items here, so that a
   * task or item that cannot travel fails the call that passed it, and keeps the encoded form in
   * {@link Batch#prepared()}. Does nothing by default.
   *
   * @param batch a batch about to be queued
   * @return what the backend wants to keep with the batch, or {@code null}
   * @throws RuntimeException for example {@link org.multipool.SerializationException}: the call
   *     that made the batch throws it and the batch is not queued
   */
  default Object prepare(Batch batch) {
    return null;
  }

  /**
   * Returns what handing a batch to a worker and getting its outcomes back costs, beyond running
   * its items: about nothing in this JVM, the round trip of a network call on a cluster. A stream
   * ({@code imap}) adds it to the time its batches should take, so that where the trip costs more
   * than the items, batches still grow until the items fill them. Zero by default.
   *
   * @return the cost of one batch's trip, in nanoseconds
   * @since 0.1.0
   */
  default long batchTripNanos() {
    return 0;
  }

  /**
   * Returns where the pool's shared queues and maps live, asked once when the pool starts. The
   * {@linkplain SharedObjects#inMemory in-memory} objects by default, which fit workers that share
   * this JVM's memory.
   *
   * @param poolName the pool's name
   * @return the pool's shared objects
   * @since 0.1.0
   */
  default SharedObjects sharedObjects(String poolName) {
    return SharedObjects.inMemory(poolName);
  }

  /** Releases what the group holds once all its workers have exited; throws nothing. */
  @Override
  void close();
}
