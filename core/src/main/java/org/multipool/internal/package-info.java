/**
 * Multipool's machinery, shared by every backend: jobs, batches, the work queue, worker
 * bookkeeping and the pool itself. Not an API; its module does not export it.
 *
 * <h2>Who owns what</h2>
 *
 * <ul>
 *   <li>{@code CorePool}: a façade; the pool's life is {@code Lifecycle}'s one immutable snapshot
 *       (OPEN &lt; SHUTDOWN &lt; STOPPING &lt; TERMINATED, with its cause when broken), what each
 *       step towards the end does is {@code PoolEnding}'s, the live workers are
 *       {@code WorkerRegistry}'s;
 *   <li>an item's state (queued, held, started, done, skipped) is its batch's {@code ItemStates},
 *       changed by one method that lists the allowed moves;
 *   <li>which batches a worker holds and runs is its {@code WorkerSlot}'s; the stops decided for
 *       it are its {@code StopGate}'s, its task's deadline is its {@code Deadline}'s.
 * </ul>
 *
 * <h2>Lock order</h2>
 *
 * <p>A thread that holds one of these locks takes only locks further down the list, never one
 * further up:
 *
 * <ol>
 *   <li>{@code Lifecycle}'s monitor: the pool's life and its live workers; it adds and removes
 *       workers in the registry's list in the same step, and calls nothing else;
 *   <li>{@code WorkQueue.lock}: the queued batches; taking a batch and assigning it to a worker is
 *       one step under it, and so is choosing a batch to ask back from a busy worker;
 *   <li>each {@code WorkerSlot}'s monitor: the batches a worker holds and the one it runs; an
 *       item's outcome is claimed under it;
 *   <li>{@code ItemStates}', {@code StopGate}'s and {@code Deadline}'s monitors, {@code Job}'s
 *       monitor (its skip mark) and {@code StreamJob.lock} (a stream's consumer): each calls
 *       nothing while held;
 *   <li>{@code PoolCounters}' monitor and {@code QueuedTaskLimit.lock} (the places of
 *       {@code maxQueuedTasks}), always the innermost: they call nothing, and neither is taken
 *       while the other is held. A {@code submit} that waits for a place holds no other lock.
 * </ol>
 *
 * <p><b>No SPI callback runs under a core lock.</b> The core decides under its lock and calls the
 * backend after releasing it: {@link org.multipool.spi.WorkerControl}'s {@code stop},
 * {@code cancelRunning}, {@code skip} and {@code takeBack}, and the
 * {@link org.multipool.spi.WorkerGroup}'s {@code prepare}, {@code sharedObjects} and
 * {@code close}. A stop may therefore come after the task it was meant for has ended; the
 * {@code StopGate} counts it in flight until the call returns, and a worker that runs its batches
 * in this JVM lets go of a task only when none is, then clears its interrupt (Guava's
 * {@code InterruptibleTask}), so only the task a stop was meant for is ever interrupted. Futures
 * are completed with none of these locks held either.
 *
 * <p>Fields a lock guards are marked with Error Prone's {@code @GuardedBy}, which its GuardedBy check
 * verifies at compile time (the build's {@code errorprone} profile): {@code "this"} is the object's
 * monitor, a field's name is that field's lock or monitor. Such a field is read and written only
 * while that lock is held. A field some of whose accesses need no lock (a volatile field read
 * without it, say) is not marked; its comment says which lock its writes take and why its reads
 * need none.
 */
package org.multipool.internal;
