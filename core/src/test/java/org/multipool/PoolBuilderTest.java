package org.multipool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
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
  }

  @Test
  void invalidValues_areRejectedAtTheCall() {
    assertThatThrownBy(() -> Pool.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
    assertThatThrownBy(() -> Pool.builder().name(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Pool.builder().initializer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("init");
    assertThatThrownBy(() -> Pool.builder().jvmOptions("-Xmx1g", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("options[1] must not be blank");
    assertThatThrownBy(() -> Pool.builder().maxTasksPerWorker(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTasksPerWorker must be >= 1 but was -1");
    assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taskTimeout must be positive but was PT-0.005S");
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
