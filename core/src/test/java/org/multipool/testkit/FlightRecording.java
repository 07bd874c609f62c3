package org.multipool.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Records Multipool's flight-recorder events while a piece of test code runs. */
public final class FlightRecording {
  /** The events a pool commits. */
  public static final List<String> POOL_EVENTS =
      List.of("org.multipool.BatchRun", "org.multipool.WorkerStarted", "org.multipool.WorkerLost");

  /** Code that may throw, run under the recording. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private FlightRecording() {}

  /** Runs {@code action} under a recording of the pool's events and returns those of {@code pool}. */
  public static List<RecordedEvent> of(String pool, Path dir, Action action) throws Exception {
    Path file = Files.createTempFile(dir, "pool", ".jfr");
    try (Recording recording = new Recording()) {
      for (String event : POOL_EVENTS) {
        recording.enable(event).withThreshold(Duration.ZERO);
      }
      recording.start();
      action.run();
      recording.stop();
      recording.dump(file);
    }
    try {
      return RecordingFile.readAllEvents(file).stream()
          .filter(event -> pool.equals(event.getString("pool")))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IOException("Cannot read the recording " + file + ": " + e.getMessage(), e);
    }
  }

  /** The events named {@code name}, e.g. {@code "org.multipool.BatchRun"}. */
  public static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(event -> event.getEventType().getName().equals(name)).collect(Collectors.toList());
  }
}
