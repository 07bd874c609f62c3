package org.multipool.thread;

import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;

/** Shared queues and maps on platform threads: the in-memory objects. */
class ThreadSharedObjectsTest extends SharedObjectsContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.threads(workers);
  }

  @Override
  protected boolean crossesJvms() {
    return false;
  }
}
