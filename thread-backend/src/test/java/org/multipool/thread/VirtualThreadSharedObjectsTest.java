package org.multipool.thread;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;

/** Shared queues and maps on virtual threads, where the JDK has them. */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadSharedObjectsTest extends SharedObjectsContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.virtualThreads(workers);
  }

  @Override
  protected boolean crossesJvms() {
    return false;
  }
}
