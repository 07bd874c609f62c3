package org.multipool.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor under {@code submit(...).get()} on worker JVMs, without any of Multipool: two JVMs pass
 * 8 bytes back and forth over a Unix-domain socket, either through the same five threads a
 * Multipool round trip crosses ({@code handoff}: caller, sender, the child's reader, the child's
 * task thread, reader) or with one thread on each side reading and writing the socket itself
 * ({@code direct}). Prints the median and the 99th percentile of {@value #MEASURED} round trips
 * after {@value #WARM_UP} unmeasured ones.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.multipool.benchmarks.SocketPingPong handoff
 * }</pre>
 */
public final class SocketPingPong {
  private static final int WARM_UP = 5_000;
  private static final int MEASURED = 15_000;

  private SocketPingPong() {}

  /**
   * Runs the parent side, which starts the child JVM itself.
   *
   * @param args {@code direct} or {@code handoff}; the child is started with {@code child PATH MODE}
   * @throws Exception if the socket or the child fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("child")) {
      child(Path.of(args[1]), args[2].equals("direct"));
      return;
    }
    if (args.length != 1 || !(args[0].equals("direct") || args[0].equals("handoff"))) {
      System.err.println("usage: SocketPingPong direct|handoff");
      System.exit(2);
    }
    boolean direct = args[0].equals("direct");
    Path dir = Files.createTempDirectory("multipool-pingpong");
    Path socket = dir.resolve("socket");
    Process child = null;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      String java = ProcessHandle.current().info().command().orElse("java");
      child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          SocketPingPong.class.getName(), "child", socket.toString(), args[0]).inheritIO().start();
      try (SocketChannel channel = server.accept()) {
        long[] nanos = direct ? direct(channel) : handOff(channel);
        long[] measured = Arrays.copyOfRange(nanos, WARM_UP, nanos.length);
        Arrays.sort(measured);
        System.out.printf("%s: median %.1f us, p99 %.1f us%n", args[0],
            measured[measured.length / 2] / 1e3, measured[measured.length * 99 / 100] / 1e3);
      }
    } finally {
      if (child != null && !child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /** The caller writes and reads the socket itself. */
  private static long[] direct(SocketChannel channel) throws IOException {
    long[] nanos = new long[WARM_UP + MEASURED];
    ByteBuffer buffer = ByteBuffer.allocate(8);
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      buffer.clear().putLong(i).flip();
      writeFully(channel, buffer);
      buffer.clear();
      readFully(channel, buffer);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  /** The caller hands the message to a sender thread and waits for a reader thread to answer. */
  private static long[] handOff(SocketChannel channel) throws Exception {
    BlockingQueue<Long> toSend = new LinkedBlockingQueue<>();
    AtomicReference<CompletableFuture<Long>> waiting = new AtomicReference<>();
    Thread sender = daemon("pingpong-sender", () -> {
      ByteBuffer buffer = ByteBuffer.allocate(8);
      while (true) {
        buffer.clear().putLong(toSend.take()).flip();
        writeFully(channel, buffer);
      }
    });
    Thread reader = daemon("pingpong-reader", () -> {
      ByteBuffer buffer = ByteBuffer.allocate(8);
      while (true) {
        buffer.clear();
        readFully(channel, buffer);
        waiting.get().complete(buffer.flip().getLong());
      }
    });
    sender.start();
    reader.start();
    long[] nanos = new long[WARM_UP + MEASURED];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      CompletableFuture<Long> answer = new CompletableFuture<>();
      waiting.set(answer);
      toSend.add((long) i);
      answer.get(10, TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  /** Echoes every message until the parent closes the socket. */
  private static void child(Path socket, boolean direct) throws Exception {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    ByteBuffer buffer = ByteBuffer.allocate(8);
    if (direct) {
      while (true) {
        buffer.clear();
        if (!readFully(channel, buffer)) {
          return;
        }
        writeFully(channel, buffer.flip());
      }
    }
    BlockingQueue<Long> received = new LinkedBlockingQueue<>();
    daemon("pingpong-child-reader", () -> {
      ByteBuffer in = ByteBuffer.allocate(8);
      while (readFully(channel, in.clear())) {
        received.add(in.flip().getLong());
      }
      received.add(-1L);
    }).start();
    while (true) {
      long message = received.take();
      if (message < 0) {
        return;
      }
      writeFully(channel, buffer.clear().putLong(message).flip());
    }
  }

  private static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Thread daemon(String name, Body body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Exception e) {
        // the other side closed the socket: the run is over
      }
    }, name);
    thread.setDaemon(true);
    return thread;
  }
}
