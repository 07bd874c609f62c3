/**
 * The thread backend: pool workers are threads of this JVM, so tasks share memory and nothing is
 * serialized, as with Python's {@code ThreadPoolExecutor}.
 *
 * <p>Users do not call this package; it is found by {@link java.util.ServiceLoader} when
 * {@code multipool-thread-backend} is on the class path, and reached through
 * {@code Pool.threads(n)} or {@code Pool.builder().virtualThreads(n)}.
 */
package org.multipool.thread;
