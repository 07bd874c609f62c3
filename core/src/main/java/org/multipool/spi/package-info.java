/**
 * The backend SPI: what a backend implements ({@link org.multipool.spi.PoolBackend}) and what the
 * core gives its workers ({@link org.multipool.spi.WorkSource}, {@link org.multipool.spi.Worker}
 * in its two kinds, {@link org.multipool.spi.LocalWorker} and {@link org.multipool.spi.RemoteWorker},
 * and {@link org.multipool.spi.Batch}). What a backend whose workers live elsewhere needs on both
 * sides is in {@code org.multipool.spi.remote}.
 *
 * <p>It knows nothing of threads or processes, so a cluster backend fits it as well.
 */
package org.multipool.spi;
