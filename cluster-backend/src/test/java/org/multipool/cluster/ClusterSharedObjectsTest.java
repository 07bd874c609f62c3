package org.multipool.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.multipool.PoolBuilder;
import org.multipool.testkit.SharedObjectsContractTest;

/**
 * Shared queues and maps on the cluster backend: Hazelcast queues and maps, used from tasks on
 * three members on 127.0.0.1, one of them in a JVM of its own.
 */
class ClusterSharedObjectsTest extends SharedObjectsContractTest {
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LoopbackCluster.start(2, 1);
    cluster.awaitSize(3);
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected PoolBuilder onBackend(PoolBuilder builder, int workers) {
    return builder.backend(ClusterBackend.on(cluster.caller()), workers);
  }

  @Override
  protected boolean crossesJvms() {
    return true;
  }
}
