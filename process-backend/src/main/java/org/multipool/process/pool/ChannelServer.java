package org.multipool.process.pool;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.HelloFrame;
import org.multipool.process.wire.Protocol;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.Uninterruptibles;

/**
 * The pool's end of the channel: a Unix-domain socket in a private temporary directory, and the
 * thread that accepts workers.
 *
 * <p>The directory is readable only by this user (0700), so no other user can even reach the
 * socket. Each connection must open with a {@link HelloFrame hello} that carries the
 * pool's random secret and the number of a worker the pool started and is waiting for; the secret
 * reaches workers on their stdin, never on a command line, which every local user can read. A
 * connection whose hello is wrong, or does not come within {@link #HELLO_TIMEOUT_NANOS}, is closed
 * and changes nothing. Hellos are read without blocking, so a peer that connects and stays silent
 * holds up no one; when {@value #MAX_PENDING} connections wait for their hellos, the oldest makes
 * room for the next, so a flood of silent ones never keeps a worker out. No TCP port is ever opened.
 */
final class ChannelServer implements Closeable {
  /** Unix socket paths are limited to about 100 bytes. */
  private static final int MAX_SOCKET_PATH = 100;
  private static final long HELLO_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int MAX_PENDING = 64;

  /** Someone the pool waits for: a worker it started. */
  interface Expected {
    /** The worker proved itself; called on the accept thread, must return quickly. */
    void connected(FrameChannel channel);

    /** The worker did not connect in time. */
    void connectTimedOut();
  }

  private record Expectation(Expected who, long deadline) {}

  private final String poolName;
  private final Path directory;
  private final Path socket;
  private final byte[] secret;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Map<Integer, Expectation> expected = new ConcurrentHashMap<>();
  private final Thread acceptor;
  private volatile boolean closed;

  private ChannelServer(String poolName, Path directory, ServerSocketChannel server, Selector selector) {
    this.poolName = poolName;
    this.directory = directory;
    this.socket = directory.resolve("s");
    this.secret = new byte[Protocol.SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    this.server = server;
    this.selector = selector;
    this.acceptor = new Thread(this::acceptLoop, poolName + "-accept");
    acceptor.setDaemon(true);
  }

  /** Creates the directory and the socket and starts accepting. */
  static ChannelServer open(String poolName) throws IOException {
    Path directory = privateDirectory();
    ProcessReaper.remember(directory);
    ServerSocketChannel server = null;
    Selector selector = null;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(directory.resolve("s")));
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
      ChannelServer channels = new ChannelServer(poolName, directory, server, selector);
      channels.acceptor.start();
      return channels;
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector);
      closeQuietly(server);
      ProcessReaper.delete(directory);
      ProcessReaper.forget(directory);
      throw e;
    }
  }

  private static Path privateDirectory() throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    if (base.toAbsolutePath().toString().length() > MAX_SOCKET_PATH - 32 && Files.isDirectory(Path.of("/tmp"))) {
      base = Path.of("/tmp"); // a long TMPDIR would not leave room for the socket's name
    }
    String prefix = SocketDirectories.prefixOfThisJvm();
    Path directory = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? Files.createTempDirectory(base, prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createTempDirectory(base, prefix); // per-user temp directories elsewhere
    SocketDirectories.sweepOnce(directory);
    return directory;
  }

  Path socket() {
    return socket;
  }

  /** The secret as the worker reads it from its stdin: hex digits and a newline. */
  byte[] secretLine() {
    StringBuilder hex = new StringBuilder();
    for (byte b : secret) {
      hex.append(String.format("%02x", b));
    }
    return (hex + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Waits for worker {@code number} to connect, for at most {@code timeoutNanos}. */
  void expect(int number, Expected who, long timeoutNanos) {
    expected.put(number, new Expectation(who, System.nanoTime() + timeoutNanos));
    selector.wakeup(); // its deadline may be the nearest
  }

  /** Stops waiting for worker {@code number}: it has ended. */
  void forget(int number) {
    expected.remove(number);
  }

  private void acceptLoop() {
    List<Pending> pending = new ArrayList<>();
    try {
      while (!closed) {
        if (selector.selectedKeys().isEmpty()) { // a hand-over's select may have left keys to walk
          selector.select(TimeUnit.NANOSECONDS.toMillis(nearestDeadline(pending)) + 1);
        }
        List<Proven> proven = new ArrayList<>();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept(pending, proven);
          } else if (key.isReadable()) {
            readHello((Pending) key.attachment(), pending, proven);
          }
        }
        handOver(proven);
        expire(pending);
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        PoolLog.LOG.log(Level.ERROR, "The accept thread of pool " + poolName + " failed; workers started from now on"
            + " cannot connect", e);
      }
    } finally {
      for (Pending peer : pending) {
        closeQuietly(peer.channel);
      }
    }
  }

  private long nearestDeadline(List<Pending> pending) {
    long now = System.nanoTime();
    long nearest = TimeUnit.SECONDS.toNanos(1);
    for (Pending peer : pending) {
      nearest = Math.min(nearest, peer.deadline - now);
    }
    for (Expectation expectation : expected.values()) {
      nearest = Math.min(nearest, expectation.deadline - now);
    }
    return Math.max(0, nearest);
  }

  private void accept(List<Pending> pending, List<Proven> proven) throws IOException {
    SocketChannel peer;
    int dropped = 0;
    while ((peer = server.accept()) != null) {
      if (pending.size() >= MAX_PENDING) {
        // The oldest makes room, unless its hello is here by now. Refusing the newest instead would
        // let silent peers that came first keep out every worker that comes after them.
        Pending oldest = pending.get(0);
        readHello(oldest, pending, proven);
        if (pending.contains(oldest)) {
          drop(oldest, pending);
          dropped++;
        }
      }
      peer.configureBlocking(false);
      Pending waiting = new Pending(peer, System.nanoTime() + HELLO_TIMEOUT_NANOS);
      peer.register(selector, SelectionKey.OP_READ, waiting);
      pending.add(waiting);
    }
    if (dropped > 0) {
      PoolLog.LOG.log(Level.WARNING, "Pool {0} dropped {1} connections to its socket that had sent no hello,"
          + " to make room for newer ones", poolName, dropped);
    }
  }

  /** A connection whose hello was right, and the worker it belongs to. */
  private record Proven(Pending peer, Expectation expectation) {}

  /** Reads what there is of a hello; a whole and right one goes to {@code proven}. */
  private void readHello(Pending peer, List<Pending> pending, List<Proven> proven) {
    int read;
    try {
      read = peer.channel.read(peer.hello);
    } catch (IOException e) {
      read = -1;
    }
    if (read < 0) {
      refuse(peer, pending, "it closed before it sent a whole hello");
      return;
    }
    if (peer.hello.hasRemaining()) {
      return;
    }
    peer.hello.flip();
    HelloFrame hello;
    try {
      hello = HelloFrame.readFrame(peer.hello);
    } catch (ProtocolException e) {
      refuse(peer, pending, "its first frame was not a hello: " + e.getMessage());
      return;
    }
    Expectation expectation = MessageDigest.isEqual(hello.secret(), secret) ? expected.remove(hello.worker()) : null;
    if (expectation == null) {
      refuse(peer, pending, "its hello had a wrong secret, or named a worker this pool does not expect");
      return;
    }
    pending.remove(peer);
    peer.channel.keyFor(selector).cancel();
    proven.add(new Proven(peer, expectation));
  }

  /**
   * Gives proven connections to their workers, as blocking channels. Their keys must be gone from
   * the selector first, which takes a select; not while the selected keys are being walked, as a
   * select then changes the set under the walk.
   */
  private void handOver(List<Proven> proven) throws IOException {
    if (proven.isEmpty()) {
      return;
    }
    selector.selectNow(); // deregisters the cancelled keys; what it selects waits for the next round
    for (Proven connection : proven) {
      try {
        connection.peer().channel.configureBlocking(true);
      } catch (IOException e) { // the worker sees its connection close, exits, and the pool hears of it
        closeQuietly(connection.peer().channel);
        continue;
      }
      connection.expectation().who.connected(new FrameChannel(connection.peer().channel));
    }
  }

  private void expire(List<Pending> pending) {
    long now = System.nanoTime();
    for (Pending peer : new ArrayList<>(pending)) {
      if (now - peer.deadline >= 0) {
        refuse(peer, pending, "it sent no hello within " + TimeUnit.NANOSECONDS.toSeconds(HELLO_TIMEOUT_NANOS) + " s");
      }
    }
    for (Map.Entry<Integer, Expectation> entry : expected.entrySet()) {
      if (now - entry.getValue().deadline >= 0 && expected.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().who.connectTimedOut();
      }
    }
  }

  /** Drops a connection that did not prove it came from one of this pool's workers, and says so. */
  private void refuse(Pending peer, List<Pending> pending, String why) {
    drop(peer, pending);
    PoolLog.LOG.log(Level.WARNING, "Pool {0} refused a connection to its socket: {1}", poolName, why);
  }

  private static void drop(Pending peer, List<Pending> pending) {
    pending.remove(peer);
    closeQuietly(peer.channel);
  }

  /** Stops accepting and removes the socket and its directory. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    Uninterruptibles.join(acceptor);
    closeQuietly(selector);
    closeQuietly(server);
    if (!ProcessReaper.delete(directory)) {
      PoolLog.LOG.log(Level.WARNING, "Pool {0} could not remove its socket directory {1}", poolName, directory);
    }
    ProcessReaper.forget(directory);
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  /** A connection that has not said hello yet. */
  private static final class Pending {
    final SocketChannel channel;
    final long deadline;
    final ByteBuffer hello = ByteBuffer.allocate(HelloFrame.FRAME);

    Pending(SocketChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }
  }
}
