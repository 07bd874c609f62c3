package org.multipool.process;

import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;

/** Shared queues and maps on worker JVMs: they live in the caller's JVM, workers reach them over their channel. */
class ProcessSharedObjectsTest extends SharedObjectsContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.processes(workers);
  }

  @Override
  protected boolean crossesJvms() {
    return true;
  }

  @Override
  protected boolean workersAreProcesses() {
    return true;
  }
}
