package org.multipool.internal;

/** A job's future, which the pool can cancel without telling the workers: it ends the work itself. */
interface JobFuture {
  /** Cancels the future alone: the pool is terminating, and ends the work itself. */
  void cancelQuietly();
}
