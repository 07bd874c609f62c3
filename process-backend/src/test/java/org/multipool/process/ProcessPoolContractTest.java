package org.multipool.process;

import org.multipool.PoolBuilder;
import org.multipool.testkit.PoolContractTest;

/** The whole contract on worker JVMs. */
class ProcessPoolContractTest extends PoolContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.processes(workers);
  }

  @Override
  protected String backendId() {
    return "processes";
  }

  @Override
  protected int workersRecycledInTests() {
    return 12;
  }

  @Override
  protected int poolsInLeakTest() {
    return 15; // each pool starts two JVMs
  }

  @Override
  protected boolean serializesTasks() {
    return true;
  }
}
