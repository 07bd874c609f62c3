package org.multipool.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the members of a loopback cluster listen, told only to members the same user starts.
 *
 * <p>A member of a loopback cluster listens on a port the system picks and joins the members
 * listed in a directory only its user can read ({@code ~/.cache/multipool/clusters/HASH}, HASH from
 * the cluster's name): one empty file {@code PID-PORT} per member, removed when the member shuts
 * down, and ignored (and removed) once its JVM is gone; the first member a JVM starts also removes
 * the directories of clusters whose members are all gone. A member that scanned the usual ports for
 * its peers instead sent its join request, the cluster's name in it, to whatever listened there:
 * another user's Hazelcast member on port 5701 learnt the name. Members start one at a time per
 * cluster (a file lock), so two that start together do not each found a cluster of their own.
 *
 * <pre>{@code
 * HazelcastInstance member = LoopbackPeers.join(clusterName); // joins the others, and is listed
 * }</pre>
 */
final class LoopbackPeers {
  private static final Pattern ENTRY = Pattern.compile("(\\d+)-(\\d+)");
  /** A file lock is held by the JVM, not a thread: members this JVM starts take turns here first. */
  private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
  private static final AtomicBoolean SWEPT = new AtomicBoolean();

  private LoopbackPeers() {}

  /** Starts a member of the loopback cluster {@code clusterName}, which joins the members listed. */
  static HazelcastInstance join(String clusterName) {
    if (SWEPT.compareAndSet(false, true)) {
      sweepClustersGone(base());
    }
    while (true) {
      Path directory = directoryOf(clusterName);
      IN_THIS_JVM.lock();
      try (FileChannel lock = lock(directory)) {
        if (lock == null) {
          continue; // the last member out removed the directory meanwhile: make it again
        }
        HazelcastInstance member =
            Hazelcast.newHazelcastInstance(ClusterConfigs.loopbackMember(clusterName, livePeers(directory)));
        Path entry = directory.resolve(ProcessHandle.current().pid() + "-"
            + member.getCluster().getLocalMember().getAddress().getPort());
        try {
          Files.createFile(entry);
        } catch (FileAlreadyExistsException e) {
          // left by a JVM gone long ago whose pid and port came back: it is this member's now
        } catch (IOException e) {
          member.shutdown();
          throw e;
        }
        member.getLifecycleService().addLifecycleListener(event -> {
          if (event.getState() == LifecycleState.SHUTTING_DOWN) {
            leave(directory, entry);
          }
        });
        return member;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list this member where its peers look, in " + directory + ": " + e, e);
      } finally {
        IN_THIS_JVM.unlock();
      }
    }
  }

  /**
   * Takes the cluster's turn: a locked channel on its lock file, or null if that file was removed
   * before the lock was had (the last member out removes the directory, under the same lock).
   */
  private static FileChannel lock(Path directory) throws IOException {
    return lock(directory, true);
  }

  /** As {@link #lock(Path)}; without {@code wait}, also null if another JVM has the turn now. */
  private static FileChannel lock(Path directory, boolean wait) throws IOException {
    Path file = directory.resolve("lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return null; // the directory went just now
    }
    try {
      FileLock turn = wait ? channel.lock() : channel.tryLock(); // released as the channel closes
      if (turn != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return channel;
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    return null;
  }

  /**
   * Removes the directories of clusters none of whose members lives (the last ones were killed, so
   * none removed it), each in its turn; one whose turn another JVM holds is left alone.
   */
  static void sweepClustersGone(Path base) {
    try (DirectoryStream<Path> clusters = Files.newDirectoryStream(base, Files::isDirectory)) {
      for (Path directory : clusters) {
        removeIfDeserted(directory, null, false);
      }
    } catch (IOException e) {
      // no clusters yet, or none to read: nothing to sweep
    }
  }

  /** Removes a member's entry; the last one out removes the cluster's directory, in its turn. */
  private static void leave(Path directory, Path entry) {
    removeIfDeserted(directory, entry, true);
  }

  /**
   * Removes {@code entry}, if given, then, in the cluster's turn (waited for, or only if free), its
   * directory if no member of it lives.
   */
  private static void removeIfDeserted(Path directory, Path entry, boolean wait) {
    IN_THIS_JVM.lock();
    try (FileChannel lock = lock(directory, wait)) {
      if (entry != null) {
        deleteQuietly(entry);
      }
      if (lock != null && livePeers(directory).isEmpty()) {
        Files.deleteIfExists(directory.resolve("lock"));
        Files.deleteIfExists(directory); // fails if a member listed itself meanwhile
      }
    } catch (IOException e) {
      // in use, or not ours: left for the next member, which removes the entries of JVMs gone
    } finally {
      IN_THIS_JVM.unlock();
    }
  }

  /** The addresses of the members listed whose JVM lives; removes the entries of those gone. */
  static List<String> livePeers(Path directory) throws IOException {
    List<String> peers = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Matcher name = ENTRY.matcher(entry.getFileName().toString());
        if (!name.matches()) {
          continue;
        }
        boolean alive = ProcessHandle.of(Long.parseLong(name.group(1))).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
          peers.add("127.0.0.1:" + name.group(2));
        } else {
          deleteQuietly(entry); // killed, so it could not remove its entry
        }
      }
    }
    return peers;
  }

  /** The directory of the cluster {@code clusterName}, made if need be: only its owner may read it. */
  static Path directoryOf(String clusterName) {
    Path directory = base().resolve(hash(clusterName));
    try {
      Files.createDirectories(directory);
      for (Path own = directory; !own.equals(base().getParent()); own = own.getParent()) {
        makePrivate(own);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the directory where a loopback cluster's members are listed: "
          + directory + ": " + e, e);
    }
    return directory;
  }

  /** The user's cache directory for Multipool's loopback clusters, as each system names it. */
  private static Path base() {
    String override = System.getProperty("multipool.cluster.peers.dir");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String local = System.getenv("LOCALAPPDATA");
    if (os.startsWith("windows") && local != null) {
      return Path.of(local, "multipool", "clusters");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : os.startsWith("mac") ? Path.of(System.getProperty("user.home"), "Library", "Caches")
        : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("multipool").resolve("clusters");
  }

  /**
   * Only its owner may read it. One that another user owns is refused, as a place someone else
   * prepared: the owner is compared with that of a file made in it just now.
   */
  private static void makePrivate(Path directory) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return; // not a POSIX file system: the user's own profile directory protects it
    }
    Path probe = Files.createTempFile(directory, ".owner-", "");
    try {
      if (!view.getOwner().equals(Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS))) {
        throw new IOException(directory + " belongs to another user");
      }
    } finally {
      Files.deleteIfExists(probe);
    }
    view.setPermissions(PosixFilePermissions.fromString("rwx------"));
  }

  private static String hash(String clusterName) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(clusterName.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16); // the name stays secret: a directory name is no lock
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the next member that reads the list removes it, once its JVM is gone
    }
  }
}
