/**
 * Multipool's machinery, shared by every backend: jobs, batches, the work queue, worker
 * bookkeeping and the pool itself. Not an API; its module does not export it.
 */
package org.multipool.internal;
