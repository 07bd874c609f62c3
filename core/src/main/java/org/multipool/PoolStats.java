package org.multipool;

/**
 * A snapshot of what a pool is doing, taken at one instant: no item is counted in two places, and
 * the counts agree with each other.
 *
 * <pre>{@code
 * PoolStats stats = pool.stats();
 * System.out.printf("%d of %d workers busy, %d items queued, %d done, %d failed%n",
 *     stats.busyWorkers(), stats.workers(), stats.queuedItems(),
 *     stats.completedItems(), stats.failedItems());
 * }</pre>
 *
 * <p>Item counts are per item, not per call: a {@code map} of 1,000 items adds 1,000 to
 * {@code queuedItems} and, as they end, to {@code completedItems} or {@code failedItems}. Items
 * that never ran (cancelled, skipped after their map failed, or dropped by
 * {@link Pool#terminate()}) end in neither count. Where a worker runs a whole chunk at once, as
 * threads do, the counts move a chunk at a time.
 *
 * <p>Semantics point 23 (docs/semantics.md).
 *
 * @param workers the workers alive now: started and not yet exited or lost
 * @param busyWorkers the workers that hold work, running it or about to run it
 * @param queuedItems the items waiting for a worker
 * @param completedItems the items that ended with a result, since the pool started
 * @param failedItems the items that ended with a failure (their own exception, a timeout, or the
 *     crash of their worker), since the pool started
 * @param workersLost the workers that crashed, were stopped for a timeout or were stopped by a
 *     cancel, since the pool started; workers stopped by {@link Pool#terminate()} are not counted,
 *     nor those retired after {@code maxTasksPerWorker} tasks
 * @since 0.1.0
 */
public record PoolStats(
    int workers,
    int busyWorkers,
    long queuedItems,
    long completedItems,
    long failedItems,
    long workersLost) {}
