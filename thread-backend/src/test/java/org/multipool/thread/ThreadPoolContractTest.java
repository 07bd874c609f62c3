package org.multipool.thread;

import org.multipool.PoolBuilder;
import org.multipool.testkit.PoolContractTest;

/** The whole contract on platform threads. */
class ThreadPoolContractTest extends PoolContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.threads(workers);
  }

  @Override
  protected String backendId() {
    return "threads";
  }
}
