package org.multipool.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multipool.spi.PoolBackend;

/**
 * A {@link LoopbackCluster} for a whole test class: started before its first test, once the
 * cluster has all its members, and stopped after its last.
 *
 * <pre>{@code
 * @RegisterExtension static final LoopbackMembers members = new LoopbackMembers(2, 1);
 * }</pre>
 */
final class LoopbackMembers implements BeforeAllCallback, AfterAllCallback {
  private final int inJvm;
  private final int separate;
  private LoopbackCluster cluster;

  LoopbackMembers(int inJvm, int separate) {
    this.inJvm = inJvm;
    this.separate = separate;
  }

  /** The member in this JVM that pools in tests run through. */
  PoolBackend backend() {
    return ClusterBackend.on(cluster.caller());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster = LoopbackCluster.start(inJvm, separate);
    cluster.awaitSize(inJvm + separate);
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }
}
