/**
 * The backend SPI: what a backend implements ({@link org.multipool.spi.PoolBackend}) and what the
 * core gives its workers ({@link org.multipool.spi.WorkSource}, {@link org.multipool.spi.Worker},
 * {@link org.multipool.spi.Batch}).
 *
 * <p>It knows nothing of threads or processes, so a cluster backend fits it as well.
 */
package org.multipool.spi;
