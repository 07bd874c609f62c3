package org.multipool.process.pool;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.multipool.process.wire.Protocol;

/**
 * Class-data sharing for worker JVMs, on by default: the first worker a pool starts records the
 * classes it loads into an archive as it exits (a dynamic AppCDS archive), and later workers map
 * it instead of loading and verifying those classes again. It took 8% to 20% off the time from
 * {@code Pool.processes(2)} to the first result.
 *
 * <p>The archive lives in the user's cache directory, one per key: the {@code java} executable, the
 * worker's JVM options (but heap sizes, so pools of any size share one) and class path, and the
 * size and modification time of every class-path entry, so a rebuilt jar or another JDK gets an
 * archive of its own; the JVM itself refuses an archive that does not fit its settings. A worker records into a file
 * of its own, which becomes the archive by an atomic rename only after the worker exited cleanly;
 * a lock file that names its pool's pid lets one pool at a time record it, so pools that start at
 * once are safe; a pool about to record removes the recordings and locks of pools whose JVM is gone
 * (killed while a worker recorded), so they do not stay in the cache. The JVM
 * checks an archive before it maps it, and runs without it when the archive does not fit. A worker
 * that fails to start while it uses or records one is replaced by one without it: a JVM that cannot
 * record refuses to start, and that is remembered for its key.
 *
 * <p>Switched off with {@code -Dmultipool.process.cds=off}, or by any class-data option among the
 * pool's {@code jvmOptions} (such as {@code -Xshare:off}). The same property names another cache
 * directory. The JVM cannot archive classes from a directory, so a class path with one (as under
 * a build tool's test runner) goes without.
 *
 * <pre>{@code
 * SharedArchive archive = SharedArchive.forWorkers(executable, options, classPath);
 * List<String> extra = archive.optionsFor(workerNumber);
 * }</pre>
 */
final class SharedArchive {
  /** {@code off}, or the directory to keep archives in. */
  static final String PROPERTY = "multipool.process.cds";

  private static final String SUFFIX = ".jsa";
  private static final Pattern RECORDING = Pattern.compile("worker-\\p{XDigit}+\\.jsa\\.(\\d+)\\.recording");
  private static final Duration STALE_LOCK = Duration.ofMinutes(10);
  private static final Duration UNUSED_FOR = Duration.ofDays(30);
  private static final long RECORDER_HALT_AFTER_MILLIS = 60_000;
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  private static final SharedArchive NONE = new SharedArchive(null);

  private final Path archive; // null when off
  private final AtomicBoolean recorderChosen = new AtomicBoolean();
  private volatile int recorder = -1;
  private volatile boolean unusable;
  /** The workers started with the archive that have not ended yet. */
  private final Set<Integer> users = ConcurrentHashMap.newKeySet();

  private SharedArchive(Path archive) {
    this.archive = archive;
  }

  /** No class-data sharing. */
  static SharedArchive none() {
    return NONE;
  }

  /**
   * The archive for workers started with {@code executable}, {@code options} and
   * {@code classPath}, or {@link #none()} if sharing is off or not possible for them.
   */
  static SharedArchive forWorkers(String executable, List<String> options, String classPath) {
    String setting = System.getProperty(PROPERTY, "");
    if (setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("false") || setsClassData(options)) {
      return NONE;
    }
    Path directory = setting.isBlank() ? defaultDirectory() : Path.of(setting);
    if (directory == null) {
      return NONE;
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, executable);
      update(digest, describe(Path.of(executable)));
      update(digest, System.getProperty("java.vm.version"));
      for (String option : options) {
        if (!sizesHeap(option)) { // pools of any size share one archive; the JVM checks what matters
          update(digest, option);
        }
      }
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path path = Path.of(entry);
        if (Files.isDirectory(path) || entry.endsWith("*")) {
          return NONE; // the JVM refuses to archive with a directory on the class path
        }
        update(digest, entry);
        update(digest, describe(path));
      }
      String key = HexFormat.of().formatHex(digest.digest(), 0, 12);
      return new SharedArchive(directory.resolve("worker-" + key + SUFFIX));
    } catch (NoSuchAlgorithmException | IOException | RuntimeException e) {
      return NONE; // sharing only saves time: without it, workers start all the same
    }
  }

  /** The options for worker {@code number}: use the archive, record it, or nothing. */
  List<String> optionsFor(int number) {
    if (archive == null || unusable || Files.exists(unsupportedMarker())) {
      return List.of();
    }
    if (Files.isRegularFile(archive)) {
      touch(archive); // recently used archives survive pruning
      users.add(number);
      return concat(List.of("-XX:SharedArchiveFile=" + archive), QUIET);
    }
    if (recorderChosen.compareAndSet(false, true) && lock()) {
      recorder = number;
      return concat(List.of("-XX:ArchiveClassesAtExit=" + recording(),
          "-D" + Protocol.HALT_AFTER_MILLIS_PROPERTY + "=" + RECORDER_HALT_AFTER_MILLIS), QUIET);
    }
    return List.of();
  }

  /**
   * Worker {@code number} has ended with {@code exitCode}. If it recorded the archive and exited
   * cleanly, its recording becomes the archive.
   *
   * @param failedToStart whether it ended before it was ready, and not because the pool let it go
   * @return true if the archive may be why it failed to start: the pool should start another
   *     worker, which goes without. A JVM refuses to start when it cannot record (JDK 17 without its
   *     default archive, or with {@code -XX:-UseCompressedClassPointers}); later pools with the same
   *     key then do not try again.
   */
  boolean workerEnded(int number, int exitCode, boolean failedToStart) {
    boolean used = users.remove(number);
    boolean recorded = number == recorder;
    if (recorded) {
      finishRecording(exitCode);
    }
    if (!failedToStart || !(used || recorded) || unusable) {
      return false;
    }
    unusable = true;
    if (recorded) {
      createQuietly(unsupportedMarker());
    } else {
      deleteQuietly(archive);
    }
    return true;
  }

  private void finishRecording(int exitCode) {
    Path recording = recording();
    try {
      if (exitCode == 0 && Files.isRegularFile(recording) && Files.size(recording) > 0) {
        move(recording, archive);
        pruneUnused();
      }
    } catch (IOException e) {
      // no archive this time; the next pool records again
    } finally {
      deleteQuietly(recording);
      deleteQuietly(lockFile());
    }
  }

  /** The archive file, or null when sharing is off. */
  Path archive() {
    return archive;
  }

  private Path recording() {
    return archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".recording");
  }

  private Path unsupportedMarker() {
    return archive.resolveSibling(archive.getFileName() + ".unsupported");
  }

  private Path lockFile() {
    return archive.resolveSibling(archive.getFileName() + ".lock");
  }

  /** Takes the right to record; false if another pool records this archive now. */
  private boolean lock() {
    Path lock = lockFile();
    byte[] owner = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
    try {
      createPrivateDirectories(archive.getParent());
      sweepLeftovers();
      try {
        Files.write(lock, owner, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        Instant since = Files.getLastModifiedTime(lock).toInstant();
        if (Duration.between(since, Instant.now()).compareTo(STALE_LOCK) < 0) {
          return false; // its pool lives (the sweep removed it otherwise), or its pid was not written yet
        }
        Files.deleteIfExists(lock); // a pool that died while its worker recorded, long ago
        Files.write(lock, owner, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      }
    } catch (IOException e) {
      return false; // another pool took it first, or the cache cannot be written: go without
    }
  }

  /**
   * Removes the recordings ({@code worker-KEY.jsa.PID.recording}) and locks (which hold the PID) of
   * every key whose pool's JVM is gone: it was killed while one of its workers recorded.
   */
  private void sweepLeftovers() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), "worker-*" + SUFFIX + ".*")) {
      for (Path file : files) {
        long owner = ownerOf(file);
        if (owner > 0 && ProcessReaper.isGone(owner)) {
          deleteQuietly(file);
        }
      }
    } catch (IOException e) {
      // housekeeping only: the leftovers wait for the next pool that records
    }
  }

  /** The pid of the pool that left a recording or a lock, or -1 if the file does not say. */
  private static long ownerOf(Path file) {
    String name = file.getFileName().toString();
    try {
      Matcher recording = RECORDING.matcher(name);
      if (recording.matches()) {
        return Long.parseLong(recording.group(1));
      }
      if (name.endsWith(".lock") && Files.size(file) < 32) {
        return Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim());
      }
    } catch (IOException | NumberFormatException e) {
      // gone meanwhile, or being written: not a leftover this time
    }
    return -1;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes the archives of class paths and JDKs no pool has used for a month. */
  private void pruneUnused() {
    Instant cutoff = Instant.now().minus(UNUSED_FOR);
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), "worker-*" + SUFFIX)) {
      for (Path old : archives) {
        if (Files.getLastModifiedTime(old).toInstant().isBefore(cutoff)) {
          deleteQuietly(old);
        }
      }
    } catch (IOException e) {
      // pruning is housekeeping; the next pool that records tries again
    }
  }

  private static void createPrivateDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Files.createDirectories(directory);
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the user's cache directory protects it already
    }
  }

  /** The user's cache directory for Multipool, as each system names it; null if there is none. */
  private static Path defaultDirectory() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = System.getProperty("user.home");
    if (os.startsWith("windows")) {
      String local = System.getenv("LOCALAPPDATA");
      return local == null ? null : Path.of(local, "multipool", "cds");
    }
    if (home == null || home.isBlank() || home.equals("?")) {
      return null;
    }
    if (os.startsWith("mac")) {
      return Path.of(home, "Library", "Caches", "multipool", "cds");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank() ? Path.of(xdg, "multipool", "cds") : Path.of(home, ".cache", "multipool", "cds");
  }

  private static boolean setsClassData(List<String> options) {
    for (String option : options) {
      if (option.startsWith("-Xshare") || option.startsWith("-XX:SharedArchiveFile")
          || option.startsWith("-XX:ArchiveClassesAtExit") || option.contains("AutoCreateSharedArchive")
          || option.startsWith("-XX:AOT") || option.startsWith("-XX:SharedClassListFile")
          || option.startsWith("-XX:DumpLoadedClassList")) {
        return true;
      }
    }
    return false;
  }

  private static boolean sizesHeap(String option) {
    return option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:MaxRAMPercentage=");
  }

  private static String describe(Path path) throws IOException {
    return Files.isRegularFile(path) ? Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis() : "missing";
  }

  private static void update(MessageDigest digest, String part) {
    digest.update(part.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0); // so ("ab", "c") and ("a", "bc") differ
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // a read-only cache: the archive is still good to use
    }
  }

  private static void createQuietly(Path file) {
    try {
      Files.createFile(file);
    } catch (IOException e) {
      // there already, or the cache cannot be written: the next pool tries once more
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the next pool's pruning
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
