package org.multipool.thread;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.multipool.PoolBuilder;
import org.multipool.testkit.PoolContractTest;

/** The whole contract on virtual threads, where the JDK has them. */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadPoolContractTest extends PoolContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.virtualThreads(workers);
  }

  @Override
  protected String backendId() {
    return "virtual-threads";
  }
}
