package org.multipool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;
import org.multipool.testkit.CannotStartBackend;

/** The builder's checks, which need no backend. */
class PoolBuilderTest {

  @Test
  void workers_belowOne_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> Pool.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be >= 1 but was 0");
    assertThatThrownBy(() -> Pool.threads(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be >= 1 but was -2");
    assertThatThrownBy(() -> Pool.processes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be >= 1 but was 0");
  }

  @Test
  void settingTwice_isIllegalState() {
    assertThatThrownBy(() -> Pool.builder().threads(2).processes(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set to threads");
    assertThatThrownBy(() -> Pool.builder().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to a");
    assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ofSeconds(1)).taskTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("taskTimeout was already set to PT1S");
    assertThatThrownBy(() -> Pool.builder().maxTasksPerWorker(1).maxTasksPerWorker(1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Pool.builder().initializer(() -> 1).initializer(() -> 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Pool.builder().jvmOptions("-Xmx1g").jvmOptions("-Xmx2g"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Pool.builder().maxQueuedTasks(10).maxQueuedTasks(20, WhenQueueFull.REJECT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxQueuedTasks was already set to 10");
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        arguments("a blank name", call(b -> b.name(" ")), IllegalArgumentException.class, "name must not be blank"),
        arguments("a null name", call(b -> b.name(null)), NullPointerException.class, "name"),
        arguments("a null initializer", call(b -> b.initializer(null)), NullPointerException.class, "init"),
        arguments("a blank JVM option", call(b -> b.jvmOptions("-Xmx1g", "")), IllegalArgumentException.class,
            "options[1] must not be blank"),
        arguments("a negative task limit", call(b -> b.maxTasksPerWorker(-1)), IllegalArgumentException.class,
            "maxTasksPerWorker must be >= 1 but was -1"),
        arguments("a negative timeout", call(b -> b.taskTimeout(Duration.ofMillis(-5))),
            IllegalArgumentException.class, "taskTimeout must be positive but was PT-0.005S"),
        arguments("no room for queued tasks", call(b -> b.maxQueuedTasks(0)), IllegalArgumentException.class,
            "maxQueuedTasks must be >= 1 but was 0"),
        arguments("a negative queue limit", call(b -> b.maxQueuedTasks(-1, WhenQueueFull.REJECT)),
            IllegalArgumentException.class, "maxQueuedTasks must be >= 1 but was -1"),
        arguments("no choice beyond the queue limit", call(b -> b.maxQueuedTasks(5, null)),
            NullPointerException.class, "whenFull"));
  }

  /** Gives a lambda its type where {@code arguments(...)} only knows {@code Object}. */
  private static Consumer<PoolBuilder> call(Consumer<PoolBuilder> setting) {
    return setting;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void invalidValues_areRejectedAtTheCall(
      String what, Consumer<PoolBuilder> setting, Class<? extends Throwable> type, String message) {
    assertThatThrownBy(() -> setting.accept(Pool.builder())).isInstanceOf(type).hasMessage(message);
  }

  @Test
  void build_withoutBackend_saysWhatToCall() {
    assertThatThrownBy(() -> Pool.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("threads(n), virtualThreads(n) or processes(n)");
  }

  @Test
  void backendThatCannotStartWorkers_breaksTheBuildAtOnce_withItsOwnErrorText() {
    assertThatThrownBy(() -> Pool.builder().backend(CannotStartBackend.ID, 2).name("doomed").build())
        .isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("doomed")
        .hasMessageContaining("Could not create the Java Virtual Machine")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void backendThatRejectsASettingOfItsOwn_failsTheBuildWithItsIllegalArgumentException() {
    PoolBackend picky = new PoolBackend() {
      @Override
      public String id() {
        return "picky";
      }

      @Override
      public WorkerGroup start(PoolConfig config, WorkSource work) {
        throw new IllegalArgumentException("System property picky.setting is 'x', expected a number");
      }
    };
    assertThatThrownBy(() -> Pool.builder().backend(picky, 1).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("System property picky.setting is 'x', expected a number");
  }

  @Test
  void missingBackend_namesTheArtifactToAdd() {
    // The core's own tests have no backend on the class path.
    assertThatThrownBy(() -> Pool.processes(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("org.multipool:multipool-process-backend");
    assertThatThrownBy(() -> Pool.threads(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("org.multipool:multipool-thread-backend");
  }
}
