package org.multipool.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.multipool.WhenQueueFull;

class PoolConfigTest {
  private static final BackendOption<Integer> PARTITIONS = BackendOption.of("partitions", 271);

  @Test
  void anOptionNotSet_readsAsItsValueWhenUnset() {
    PoolConfig config = PoolConfig.builder("processes", 2).build();

    assertThat(config.option(BackendOption.JVM_OPTIONS)).isEmpty();
    assertThat(config.option(PARTITIONS)).isEqualTo(271);
    assertThat(config.options()).isEmpty();
  }

  @Test
  void anOptionSet_readsAsSet_andIsListed() {
    PoolConfig config = PoolConfig.builder("processes", 2)
        .option(BackendOption.JVM_OPTIONS, List.of("-Xmx64m"))
        .build();

    assertThat(config.option(BackendOption.JVM_OPTIONS)).containsExactly("-Xmx64m");
    assertThat(config.options()).containsExactly(BackendOption.JVM_OPTIONS);
  }

  @Test
  void theDefaults_areThoseOfAPoolThatSetsNothing() {
    PoolConfig config = PoolConfig.builder("threads", 3).build();

    assertThat(config.backend()).isEqualTo("threads");
    assertThat(config.workers()).isEqualTo(3);
    assertThat(config.maxTasksPerWorker()).isEqualTo(PoolConfig.UNLIMITED_TASKS);
    assertThat(config.initializer()).isNull();
    assertThat(config.taskTimeout()).isNull();
    assertThat(config.maxQueuedTasks()).isEqualTo(PoolConfig.UNLIMITED_QUEUED_TASKS);
    assertThat(config.whenQueueFull()).isEqualTo(WhenQueueFull.WAIT);
  }

  @Test
  void maxQueuedTasks_keepsTheLimitAndWhatHappensBeyondIt() {
    PoolConfig config = PoolConfig.builder("threads", 1).maxQueuedTasks(500, WhenQueueFull.REJECT).build();

    assertThat(config.maxQueuedTasks()).isEqualTo(500);
    assertThat(config.whenQueueFull()).isEqualTo(WhenQueueFull.REJECT);
    assertThat(config.toString()).contains("maxQueuedTasks=500 (REJECT)");
  }

  @Test
  void aBackendThatDoesNotReadAnOptionTheConfigSets_isRefused_withTheOptionNamed() {
    PoolConfig config = PoolConfig.builder("threads", 1)
        .option(BackendOption.JVM_OPTIONS, List.of("-Xmx64m"))
        .build();

    assertThatThrownBy(() -> config.checkOptionsReadBy(backend("threads", Set.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jvmOptions do not apply to the threads backend, which ignores them;"
            + " they apply to backends that start worker JVMs, such as processes(n)");
    assertThatThrownBy(() -> PoolConfig.builder("mine", 1).option(PARTITIONS, 7).build()
        .checkOptionsReadBy(backend("mine", Set.of(BackendOption.JVM_OPTIONS))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("partitions do not apply to the mine backend");
  }

  @Test
  void aBackendThatReadsEveryOptionSet_isAccepted() {
    PoolConfig config = PoolConfig.builder("mine", 1).option(PARTITIONS, 7).build();

    config.checkOptionsReadBy(backend("mine", Set.of(PARTITIONS)));
    PoolConfig.builder("mine", 1).build().checkOptionsReadBy(backend("mine", Set.of()));
  }

  @Test
  void badCountsAndTimeouts_areRefused_withWhatWasExpected() {
    assertThatThrownBy(() -> PoolConfig.builder("threads", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be >= 1 but was 0");
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).maxTasksPerWorker(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTasksPerWorker must be >= 1 but was 0");
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).taskTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("taskTimeout must be positive but was PT0S");
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).maxQueuedTasks(0, WhenQueueFull.WAIT))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQueuedTasks must be >= 1 but was 0");
    assertThatThrownBy(() -> PoolConfig.builder("threads", 1).maxQueuedTasks(10, null))
        .isInstanceOf(NullPointerException.class).hasMessage("whenFull");
  }

  private static PoolBackend backend(String id, Set<BackendOption<?>> reads) {
    return new PoolBackend() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Set<BackendOption<?>> options() {
        return reads;
      }

      @Override
      public WorkerGroup start(PoolConfig config, WorkSource work) {
        throw new AssertionError("not started in these tests");
      }
    };
  }
}
