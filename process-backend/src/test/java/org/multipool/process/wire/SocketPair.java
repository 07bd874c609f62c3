package org.multipool.process.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Two connected Unix-domain sockets in this JVM, as a pool and its worker would hold them. */
public final class SocketPair implements Closeable {
  private final Path directory;
  private final SocketChannel poolSide;
  private final SocketChannel workerSide;

  private SocketPair(Path directory, SocketChannel poolSide, SocketChannel workerSide) {
    this.directory = directory;
    this.poolSide = poolSide;
    this.workerSide = workerSide;
  }

  /**
   * Opens pairs one after another through one listening socket, cheaper than {@link #open} for
   * thousands of pairs; closing it removes the socket.
   */
  public static final class Maker implements Closeable {
    private final Path directory;
    private final ServerSocketChannel server;
    private final UnixDomainSocketAddress address;

    public Maker() {
      try {
        directory = Files.createTempDirectory("multipool-test-");
        address = UnixDomainSocketAddress.of(directory.resolve("s"));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(address);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A new connected pair. */
    public SocketPair open() {
      try {
        SocketChannel worker = SocketChannel.open(StandardProtocolFamily.UNIX);
        worker.connect(address);
        return new SocketPair(null, server.accept(), worker);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        server.close();
        Files.deleteIfExists(address.getPath());
        Files.deleteIfExists(directory);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Opens a pair; the socket file is gone once they are connected. */
  public static SocketPair open() {
    try {
      Path directory = Files.createTempDirectory("multipool-test-");
      Path socket = directory.resolve("s");
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(socket));
        SocketChannel worker = SocketChannel.open(StandardProtocolFamily.UNIX);
        worker.connect(UnixDomainSocketAddress.of(socket));
        SocketChannel pool = server.accept();
        Files.delete(socket);
        return new SocketPair(directory, pool, worker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SocketChannel poolSide() {
    return poolSide;
  }

  public SocketChannel workerSide() {
    return workerSide;
  }

  @Override
  public void close() {
    try {
      poolSide.close();
      workerSide.close();
      if (directory != null) {
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
