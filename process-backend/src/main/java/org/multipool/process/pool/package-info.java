/**
 * The caller's side of the process backend: it launches worker JVMs, accepts their connections on
 * a private socket, sends them batches and turns what they report into outcomes. Everything here
 * runs in the JVM that made the pool, and depends on {@link org.multipool.process.wire} only, never
 * on {@link org.multipool.process.worker} (but for the name of the worker's main class).
 *
 * <p>Not an API: the module does not export this package, and it may change in any release.
 */
package org.multipool.process.pool;
