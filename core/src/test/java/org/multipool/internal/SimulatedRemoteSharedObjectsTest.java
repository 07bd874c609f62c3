package org.multipool.internal;

import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;
import org.multipool.testkit.SimulatedRemoteBackend;

/**
 * Shared queues and maps on a backend that round-trips tasks through serialization in this JVM:
 * the in-memory handles come back as the objects they stand for.
 */
class SimulatedRemoteSharedObjectsTest extends SharedObjectsContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.backend(SimulatedRemoteBackend.ID, workers);
  }

  @Override
  protected boolean crossesJvms() {
    return false;
  }
}
