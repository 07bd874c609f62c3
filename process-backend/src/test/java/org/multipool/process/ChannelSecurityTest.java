package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.process.wire.HelloFrame;
import org.multipool.process.wire.Protocol;
import org.multipool.process.worker.WorkerMain;

/** Semantics 16 (docs/semantics.md): the channel is private to the pool that made it. */
class ChannelSecurityTest {
  private static final long WAIT = 30;

  /** The socket a worker connected to, read off its command line as any local user could. */
  private static Path socketOf(Pool pool) throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
    List<String> arguments = List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
    return Path.of(arguments.get(arguments.indexOf(WorkerMain.class.getName()) + 1));
  }

  @Test
  void socketLivesInADirectoryOnlyItsOwnerCanEnter_andIsRemovedOnClose() throws Exception {
    Path socket;
    try (Pool pool = Pool.processes(1)) {
      socket = socketOf(pool);
      assertThat(Files.getPosixFilePermissions(socket.getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      String commandLine = ProcessHandle.current().children()
          .map(child -> child.info().commandLine().orElse(""))
          .filter(line -> line.contains(WorkerMain.class.getName()))
          .findFirst().orElseThrow();
      assertThat(commandLine).doesNotContainIgnoringCase("secret");
    }
    assertThat(socket.getParent()).doesNotExist();
  }

  @Test
  void peerWithoutTheSecret_isDropped_andChangesNothing() throws Exception {
    try (Pool pool = Pool.builder().processes(1).maxTasksPerWorker(1).build()) {
      Path socket = socketOf(pool);
      // A hello with the right shape, for worker numbers the pool may be waiting for, but the wrong secret.
      for (int worker = 1; worker <= 4; worker++) {
        try (SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          peer.connect(UnixDomainSocketAddress.of(socket));
          ByteBuffer hello = ByteBuffer.allocate(HelloFrame.FRAME);
          hello.putInt(HelloFrame.FRAME - 4).put(Protocol.Event.HELLO.code).putInt(Protocol.MAGIC)
              .putInt(worker).put(new byte[Protocol.SECRET_BYTES]).flip();
          peer.write(hello);
          assertThat(readUntilClosed(peer)).as("bytes the pool sent to a stranger").isZero();
        }
      }
      // Garbage instead of a hello.
      try (SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        peer.connect(UnixDomainSocketAddress.of(socket));
        peer.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".repeat(4).getBytes()));
        assertThat(readUntilClosed(peer)).isZero();
      }
      // Each task needs a fresh worker: real workers still get in, after all of that.
      assertThat(pool.map(x -> x * 3, List.of(1, 2, 3), 1)).containsExactly(3, 6, 9);
    }
  }

  @Test
  void silentPeer_doesNotHoldUpWorkers() throws Exception {
    try (Pool pool = Pool.builder().processes(1).maxTasksPerWorker(1).build();
        SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.connect(UnixDomainSocketAddress.of(socketOf(pool)));
      // The replacement worker connects while the silent peer still waits for its hello to time out.
      assertThat(pool.submit(() -> "after")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("after");
      assertThat(readUntilClosed(silent)).isZero(); // and the silent peer is dropped in the end
    }
  }

  @Test
  void aFloodOfSilentPeers_doesNotKeepWorkersOut() throws Exception {
    List<SocketChannel> silent = new ArrayList<>();
    try (Pool pool = Pool.builder().processes(1).maxTasksPerWorker(1).build()) {
      Path socket = socketOf(pool); // the worker that answered is replaced now
      for (int i = 0; i < 200; i++) { // far more than the pool lets wait for a hello at once
        SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX);
        silent.add(peer);
        peer.connect(UnixDomainSocketAddress.of(socket));
      }
      // The replacement connects while every one of them is still open and silent.
      assertThat(pool.submit(() -> "after")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("after");
      assertThat(pool.stats().workersLost()).isZero();
    } finally {
      for (SocketChannel peer : silent) {
        peer.close();
      }
    }
  }

  /** Reads until the other side closes; returns how many bytes came. */
  private static long readUntilClosed(SocketChannel peer) throws IOException {
    long total = 0;
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    long deadline = System.nanoTime() + Duration.ofSeconds(WAIT).toNanos();
    try {
      int read;
      while ((read = peer.read(buffer)) >= 0) {
        total += read;
        buffer.clear();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("The pool kept a stranger's connection open");
        }
      }
    } catch (SocketException e) {
      // closed with bytes of ours unread: the socket reports a reset, which is a drop as well
    }
    return total;
  }
}
