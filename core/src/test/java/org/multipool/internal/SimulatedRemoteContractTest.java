package org.multipool.internal;

import org.multipool.PoolBuilder;
import org.multipool.testkit.PoolContractTest;
import org.multipool.testkit.SimulatedRemoteBackend;

/**
 * The whole contract on workers that report item by item and hold batches ahead, as worker JVMs
 * will: the core's remote path, with a serialization round trip for every task.
 */
class SimulatedRemoteContractTest extends PoolContractTest {

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.backend(SimulatedRemoteBackend.ID, workers);
  }

  @Override
  protected String backendId() {
    return SimulatedRemoteBackend.ID;
  }

  @Override
  protected boolean serializesTasks() {
    return true;
  }
}
