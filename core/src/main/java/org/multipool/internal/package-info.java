/**
 * Multipool's machinery, shared by every backend: jobs, batches, the work queue, worker
 * bookkeeping and the pool itself. Not an API; its module does not export it.
 *
 * <h2>Lock order</h2>
 *
 * <p>A thread that holds one of these locks takes only locks further down the list, never one
 * further up:
 *
 * <ol>
 *   <li>{@code CorePool.lifecycle}: the pool's state, its live workers and the backend's group;
 *   <li>{@code WorkQueue.lock}: the queued batches; taking a batch and assigning it to a worker is
 *       one step under it, and so is choosing a batch to ask back from a busy worker;
 *   <li>each {@code WorkerSlot}'s monitor: the batches a worker holds, the one it runs and its
 *       deadline; an item's outcome is claimed under it, exactly once;
 *   <li>{@code Job}'s monitor (its skip mark) and {@code StreamJob.lock} (a stream's consumer);
 *   <li>{@code PoolCounters}' monitor, always the innermost: it calls nothing.
 * </ol>
 *
 * <p>Futures are completed, and a backend's {@link org.multipool.spi.WorkerControl} is called,
 * with none of these held, with one exception kept on purpose: {@code WorkerControl.stop()} and
 * {@code cancelRunning()} run under the worker's monitor, which is what keeps a stop from reaching
 * the worker's next task (Guava's {@code InterruptibleTask} does the same); they must return
 * quickly.
 */
package org.multipool.internal;
