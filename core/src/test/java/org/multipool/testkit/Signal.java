package org.multipool.testkit;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A one-shot flag backed by a file, so a task can raise it and a test can wait for it whether the
 * task runs on a thread of the test's JVM or in a worker JVM.
 */
public final class Signal implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;

  private Signal(Path path) {
    this.path = path.toString();
  }

  /** A signal named {@code name} in {@code dir}. */
  public static Signal in(Path dir, String name) {
    return new Signal(dir.resolve(name));
  }

  /** Raises the signal; raising it twice is harmless. */
  public void fire() {
    try {
      Files.createFile(Paths.get(path));
    } catch (FileAlreadyExistsException e) {
      // raised already
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean fired() {
    return Files.exists(Paths.get(path));
  }

  /** Waits until the signal is raised; fails the test if it is not raised within {@code timeout}. */
  public void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!fired()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Signal " + path + " was not raised within " + timeout);
      }
      Thread.sleep(2);
    }
  }

  /** Blocks the calling task until the signal is raised, for at most a minute. */
  public void block() throws InterruptedException {
    await(Duration.ofMinutes(1));
  }

  /** Raises a fresh signal whose name starts with {@code prefix}: counts how often something ran. */
  public static void tally(String dir, String prefix) {
    in(Paths.get(dir), prefix + "-" + UUID.randomUUID()).fire();
  }

  /** Counts the tallies under {@code prefix}. */
  public static long count(Path dir, String prefix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.getFileName().toString().startsWith(prefix + "-")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
