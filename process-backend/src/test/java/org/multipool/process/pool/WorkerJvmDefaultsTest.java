package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerJvmDefaultsTest {

  @Test
  void withNoOptionsOfTheirOwn_workersShareHalfTheMemoryAndStartSmallOnTheSerialCollector() {
    assertThat(WorkerJvmDefaults.forWorkers(4, List.of(), Map.of()))
        .containsExactly("-XX:MaxRAMPercentage=12.5", "-Xms8m", "-XX:+UseSerialGC");
  }

  @Test
  void theShareOfMemory_isDividedAmongTheWorkers() {
    assertThat(WorkerJvmDefaults.forWorkers(1, List.of(), Map.of())).contains("-XX:MaxRAMPercentage=50.0");
    assertThat(WorkerJvmDefaults.forWorkers(3, List.of(), Map.of())).contains("-XX:MaxRAMPercentage=16.667");
  }

  @Test
  void aMaximumHeapOfTheUsers_replacesTheShare() {
    for (String option : List.of("-Xmx2g", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=70", "-XX:MaxRAM=4g")) {
      assertThat(WorkerJvmDefaults.forWorkers(2, List.of(option), Map.of()))
          .as(option)
          .containsExactly("-Xms8m", "-XX:+UseSerialGC");
    }
  }

  @Test
  void anInitialHeapOfTheUsers_replacesTheSmallStart() {
    for (String option : List.of("-Xms1g", "-XX:InitialHeapSize=1g", "-XX:InitialRAMPercentage=5")) {
      assertThat(WorkerJvmDefaults.forWorkers(2, List.of(option), Map.of()))
          .as(option)
          .containsExactly("-XX:MaxRAMPercentage=25.0", "-XX:+UseSerialGC");
    }
  }

  @Test
  void aCollectorOfTheUsers_isTheOnlyOne() {
    for (String option : List.of("-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC", "-XX:-UseSerialGC")) {
      assertThat(WorkerJvmDefaults.forWorkers(2, List.of(option), Map.of()))
          .as(option)
          .containsExactly("-XX:MaxRAMPercentage=25.0", "-Xms8m");
    }
  }

  @Test
  void optionsFromTheEnvironment_winLikeTheUsers() {
    assertThat(WorkerJvmDefaults.forWorkers(2, List.of(),
        Map.of("JAVA_TOOL_OPTIONS", " -XX:+UseG1GC  -Xmx1g ", "JDK_JAVA_OPTIONS", "-Xms64m")))
        .isEmpty();
  }

  @Test
  void optionsThatOnlyLookAlike_changeNothing() {
    assertThat(WorkerJvmDefaults.forWorkers(2, List.of("-XX:+UseGCOverheadLimit", "-Dxmx=1", "-Xss1m"), Map.of()))
        .containsExactly("-XX:MaxRAMPercentage=25.0", "-Xms8m", "-XX:+UseSerialGC");
  }
}
