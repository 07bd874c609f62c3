package org.multipool.process.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Kills every worker JVM still running, and removes every socket directory still there, when this
 * JVM shuts down: a pool the application never closed leaves nothing behind.
 *
 * <p>Workers also watch their parent and exit when it is gone, which covers the deaths no hook
 * sees, such as SIGKILL.
 */
final class ProcessReaper {
  private static final Map<JvmProcess, Process> PROCESSES = new ConcurrentHashMap<>();
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();
  private static boolean hookAdded; // guarded by the class

  private ProcessReaper() {}

  static void remember(JvmProcess owner, Process process) {
    addHook();
    PROCESSES.put(owner, process);
  }

  static void forget(JvmProcess owner) {
    PROCESSES.remove(owner);
  }

  static void remember(Path directory) {
    addHook();
    DIRECTORIES.add(directory);
  }

  static void forget(Path directory) {
    DIRECTORIES.remove(directory);
  }

  /**
   * Whether no live process has {@code pid}: the JVM that left a file named after it is gone. A
   * pid reused by another program reads as alive, which only leaves a leftover for later.
   */
  static boolean isGone(long pid) {
    return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
  }

  /** Deletes a directory and what is in it; false if something was left. */
  static boolean delete(Path directory) {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.forEach(entries::add);
    } catch (IOException e) {
      return !Files.exists(directory);
    }
    boolean deleted = true;
    for (int i = entries.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(entries.get(i));
      } catch (IOException e) {
        deleted = false;
      }
    }
    return deleted;
  }

  private static synchronized void addHook() {
    if (hookAdded) {
      return;
    }
    hookAdded = true;
    Thread hook = new Thread(ProcessReaper::reapAll, "multipool-reaper");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already; workers see their parent go and exit by themselves
    }
  }

  private static void reapAll() {
    for (Process process : PROCESSES.values()) {
      process.destroyForcibly();
    }
    for (Path directory : DIRECTORIES) {
      delete(directory);
    }
  }
}
