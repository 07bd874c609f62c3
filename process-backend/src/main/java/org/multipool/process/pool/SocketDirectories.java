package org.multipool.process.pool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the pools' socket directories after the JVM that owns them, and removes those of JVMs that
 * are gone.
 *
 * <p>A pool removes its directory on {@code close()}, and a shutdown hook removes those of pools
 * never closed; a JVM killed with SIGKILL runs neither, so its directory stays in the temporary
 * directory. The first pool of each JVM sweeps them: a directory {@code multipool-<pid>-...} of
 * this user whose process no longer exists. A directory whose pid is alive is left alone, even if
 * that pid now belongs to another program: leaving one behind costs a few bytes, removing a live
 * pool's socket would cost its workers.
 */
final class SocketDirectories {
  private static final String PREFIX = "multipool-";
  private static final Pattern OWNED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
  private static final AtomicBoolean SWEPT = new AtomicBoolean();

  private SocketDirectories() {}

  /** The start of the name of a socket directory of this JVM: {@code multipool-<pid>-}. */
  static String prefixOfThisJvm() {
    return PREFIX + ProcessHandle.current().pid() + "-";
  }

  /**
   * Sweeps the directory that holds {@code own}, the first time this JVM calls it; later calls do
   * nothing.
   *
   * @param own a socket directory this JVM has just made: its owner is this user
   */
  static void sweepOnce(Path own) {
    if (SWEPT.compareAndSet(false, true)) {
      sweep(own);
    }
  }

  /**
   * Removes the socket directories next to {@code own} that belong to its owner and to a JVM that
   * is gone; returns how many.
   */
  static int sweep(Path own) {
    Path base = own.toAbsolutePath().getParent();
    int removed = 0;
    UserPrincipal me;
    try {
      me = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return 0; // cannot tell whose a directory is: remove nothing
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, PREFIX + "*")) {
      for (Path entry : entries) {
        if (isLeftover(entry, me) && ProcessReaper.delete(entry)) {
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      PoolLog.LOG.log(Level.DEBUG, "Could not sweep socket directories left in " + base, e);
    }
    return removed;
  }

  private static boolean isLeftover(Path entry, UserPrincipal me) throws IOException {
    Matcher name = OWNED.matcher(entry.getFileName().toString());
    if (!name.matches() || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
        || !Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS).equals(me)) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(name.group(1));
    } catch (NumberFormatException e) {
      return false; // not a pid: not ours
    }
    return ProcessReaper.isGone(pid);
  }
}
