package org.multipool.cluster;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;

/**
 * Shared queues and maps on the cluster backend: Hazelcast queues and maps, used from tasks on
 * three members on 127.0.0.1, one of them in a JVM of its own.
 */
class ClusterSharedObjectsTest extends SharedObjectsContractTest {
  @RegisterExtension static final LoopbackMembers MEMBERS = new LoopbackMembers(2, 1);

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.backend(MEMBERS.backend(), workers);
  }

  @Override
  protected boolean crossesJvms() {
    return true;
  }
}
