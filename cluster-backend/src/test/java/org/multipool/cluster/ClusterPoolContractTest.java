package org.multipool.cluster;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.multipool.PoolBuilder;
import org.multipool.testkit.PoolContractTest;

/**
 * The contract suite on the cluster backend: three members on 127.0.0.1, two in this JVM and one in
 * a JVM of its own, so that tasks really cross the wire.
 */
class ClusterPoolContractTest extends PoolContractTest {
  @RegisterExtension static final LoopbackMembers MEMBERS = new LoopbackMembers(2, 1);

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.backend(MEMBERS.backend(), workers);
  }

  @Override
  protected String backendId() {
    return ClusterBackend.ID;
  }

  @Override
  protected boolean serializesTasks() {
    return true;
  }

  @Override
  protected int workersRecycledInTests() {
    return 50;
  }

  @Override
  protected int poolsInLeakTest() {
    return 40;
  }
}
