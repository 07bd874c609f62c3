package org.multipool.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.multipool.testkit.FlightRecording.named;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.testkit.FlightRecording;

/** The pool's flight-recorder events on threads: a recording shows every batch and every worker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlightRecorderTest {
  @TempDir Path tempDir;

  @Test
  void everyBatchRun_isAnEvent_withItsPoolWorkerItemsAndDuration() throws Exception {
    List<Integer> items = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());
    List<RecordedEvent> events = FlightRecording.of("recorded", tempDir, () -> {
      try (Pool pool = Pool.builder().threads(2).name("recorded").build()) {
        assertThat(pool.map(x -> x + 1, items, 100)).hasSize(1_000);
      }
    });

    List<RecordedEvent> batches = named(events, "org.multipool.BatchRun");
    assertThat(batches).hasSize(10).allSatisfy(batch -> {
      assertThat(batch.getString("worker")).matches("recorded-worker-[12]");
      assertThat(batch.getInt("items")).isEqualTo(100);
      assertThat(batch.getDuration()).isPositive();
    });
    assertThat(batches.stream().map(batch -> batch.getLong("firstItem")))
        .containsExactlyInAnyOrder(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L);
  }

  @Test
  void workersStarted_andTheirReplacements_areEvents() throws Exception {
    List<RecordedEvent> events = FlightRecording.of("recycled", tempDir, () -> {
      try (Pool pool = Pool.builder().threads(1).name("recycled").maxTasksPerWorker(2).build()) {
        assertThat(pool.map(x -> x, List.of(1, 2, 3, 4, 5, 6), 1)).hasSize(6);
      }
    });

    List<RecordedEvent> started = named(events, "org.multipool.WorkerStarted");
    assertThat(started).extracting(event -> event.getBoolean("replacement")).startsWith(false).contains(true);
    assertThat(started.stream().filter(event -> !event.getBoolean("replacement"))).hasSize(1);
    assertThat(named(events, "org.multipool.WorkerLost")).as("retired, not lost").isEmpty();
  }
}
