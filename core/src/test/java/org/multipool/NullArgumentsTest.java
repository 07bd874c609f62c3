package org.multipool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import com.google.common.testing.NullPointerTester.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multipool.spi.BackendOption;
import org.multipool.spi.PoolConfig;

/**
 * Every public method and constructor of the API rejects a null argument with a
 * {@link NullPointerException} at the call, except where the javadoc says null is allowed. The
 * pool's own methods are tested on every backend by the contract suite.
 *
 * <p>Exceptions are left out on purpose: like every {@link Throwable}, they accept a null message
 * and a null cause.
 */
class NullArgumentsTest {
  private final NullPointerTester tester = new NullPointerTester();

  @Test
  void poolsStaticFactories() {
    tester.testAllPublicStaticMethods(Pool.class);
  }

  @Test
  void builder() {
    tester.testAllPublicInstanceMethods(Pool.builder());
  }

  @Test
  void mapFuturesConstructor() {
    tester.testConstructors(MapFuture.class, Visibility.PROTECTED);
  }

  @Test
  void poolConfig_rejectsNullForEveryRequiredSetting_andAcceptsItWhereOptional() {
    assertThatThrownBy(() -> PoolConfig.builder(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).name(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).option(BackendOption.JVM_OPTIONS, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).option(null, List.of()))
        .isInstanceOf(NullPointerException.class);
    // The initializer and the task timeout are optional: null means none.
    PoolConfig config = PoolConfig.builder("threads", 1).initializer(null).taskTimeout(null).build();
    assertThat(config.initializer()).isNull();
    assertThat(config.taskTimeout()).isNull();
  }
}
