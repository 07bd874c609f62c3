/**
 * The worker JVM's side of the process backend: it connects to the pool, runs the initializer and
 * the batches it is sent, reports their outcomes, and ends when the pool or the parent process is
 * gone. Everything here runs in a worker JVM, and depends on {@link org.multipool.process.wire}
 * only, never on {@link org.multipool.process.pool}.
 *
 * <p>Not an API: the module does not export this package, and it may change in any release.
 */
package org.multipool.process.worker;
