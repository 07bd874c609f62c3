package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a pool could leave behind in this JVM: threads named after it, child processes, and the
 * sockets and pipes that talk to them. Taken before a pool opens and checked after it closed.
 * Files the JVM opens for itself (class path jars, say) are not counted: only sockets and pipes.
 */
record Leftovers(String poolName, long openSocketsAndPipes) {

  /** What is open now, before a pool named {@code poolName} opens. */
  static Leftovers before(String poolName) {
    jdkPreCloseSocket();
    return new Leftovers(poolName, socketsAndPipes());
  }

  /**
   * Makes the JDK open the one socket it keeps for the rest of the JVM's life once the first
   * socket channel has closed (its "pre-close" descriptor, which asynchronous closes duplicate
   * over a channel's own): opening and closing one Unix-domain channel in a fresh JVM leaves
   * exactly one socket open, on JDK 17 and 25 alike. Without this, the first pool of a JVM
   * would seem to leak it.
   */
  private static void jdkPreCloseSocket() {
    try {
      SocketChannel.open(StandardProtocolFamily.UNIX).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails if the pool left a thread, a process, a socket or a pipe behind. */
  void assertNoneLeft() {
    List<String> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(poolName))
        .collect(Collectors.toList());
    assertThat(threads).as("threads of pool %s still alive", poolName).isEmpty();
    List<Long> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).collect(Collectors.toList());
    assertThat(children).as("child processes still alive").isEmpty();
    if (Files.isDirectory(Path.of("/proc/self/fd"))) {
      assertThat(socketsAndPipes()).as("sockets and pipes open: %s", describeFds()).isLessThanOrEqualTo(openSocketsAndPipes);
    }
  }

  private static String describeFds() {
    try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
      return open.map(fd -> {
        try {
          return fd.getFileName() + "->" + Files.readSymbolicLink(fd);
        } catch (IOException e) {
          return fd.getFileName() + "->?";
        }
      }).collect(Collectors.joining(", "));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static long socketsAndPipes() {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    try (Stream<Path> open = Files.list(fds)) {
      return open.filter(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("socket:") || target.startsWith("pipe:");
        } catch (IOException e) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
