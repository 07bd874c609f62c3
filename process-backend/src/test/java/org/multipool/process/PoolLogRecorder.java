package org.multipool.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Records what the pool logs through {@code System.Logger} "org.multipool" (JUL by default), from
 * {@link #start()} to {@link #close()}, so a test can wait for a record.
 */
final class PoolLogRecorder implements AutoCloseable {
  private final Logger logger = Logger.getLogger("org.multipool");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Level previousLevel;

  private PoolLogRecorder() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  static PoolLogRecorder start() {
    return new PoolLogRecorder();
  }

  /** Waits up to {@code wait} for a record that {@code wanted} accepts, polling what was logged. */
  LogRecord await(Predicate<LogRecord> wanted, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      for (LogRecord record : records) {
        if (wanted.test(record)) {
          return record;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such log record among " + records.stream().map(PoolLogRecorder::message)
            .collect(Collectors.toList()));
      }
      Thread.sleep(10); // the log is written on the pool's own threads; poll it, within a bound
    }
  }

  /** The records so far whose message {@code wanted} accepts. */
  List<String> messages(Predicate<String> wanted) {
    return records.stream().map(PoolLogRecorder::message).filter(wanted).collect(Collectors.toList());
  }

  static String message(LogRecord record) {
    return new SimpleFormatter().formatMessage(record);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(previousLevel);
  }
}
