package org.multipool.process.pool;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.Protocol;
import org.multipool.process.worker.WorkerLoop;

/**
 * A worker "process" that is a thread of this JVM: it runs a peer (by default the real
 * {@link WorkerLoop}) over a real connection to the pool's socket, so the pool's side and the
 * worker's side meet without a JVM being started. A kill closes the connection and reports the
 * end at once, with the code a SIGKILL gives; the peer's thread is left to notice.
 */
final class InJvmProcess implements ChildProcess {
  /** Exit code of a process killed by SIGKILL. */
  static final int KILLED = 137;
  private static final AtomicLong PIDS = new AtomicLong(4_000_000);

  /** What runs in place of the worker JVM, given its connection, number and secret; returns its exit code. */
  interface Peer {
    int run(SocketChannel connection, int number, byte[] secret, IntConsumer exit) throws IOException;
  }

  /** The real worker side. */
  static final Peer WORKER_LOOP = (connection, number, secret, exit) ->
      new WorkerLoop(new FrameChannel(connection), number, secret, code -> exit.accept(code.code)).run().code;

  private final String name;
  private final Peer peer;
  private final long pid = PIDS.incrementAndGet();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
  private volatile SocketChannel connection;
  private volatile Thread reporter;

  InJvmProcess(String name, Peer peer) {
    this.name = name;
    this.peer = peer;
  }

  @Override
  public void start(List<String> command, byte[] stdin, IntConsumer onEnd) {
    Path socket = Path.of(command.get(command.size() - 3));
    int number = Integer.parseInt(command.get(command.size() - 2));
    byte[] secret = HexFormat.of().parseHex(new String(stdin, 0, 2 * Protocol.SECRET_BYTES, StandardCharsets.US_ASCII));
    Thread worker = new Thread(() -> {
      int code = ExitCode.POOL_GONE.code;
      try {
        SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
        connection = opened;
        if (exitCode.get() != Integer.MIN_VALUE) { // killed while it started
          opened.close();
        } else {
          opened.connect(UnixDomainSocketAddress.of(socket));
          code = peer.run(opened, number, secret, this::end);
        }
      } catch (IOException | RuntimeException e) {
        // the pool closed the connection: a real worker would exit with POOL_GONE too
      } catch (Throwable e) { // a test's peer failed an assertion: the "process" still ends
        end(code);
        throw e;
      }
      end(code);
    }, name + "-in-jvm");
    worker.setDaemon(true);
    reporter = new Thread(() -> {
      try {
        ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      onEnd.accept(exitCode.get());
    }, name + "-process");
    reporter.setDaemon(true);
    reporter.start();
    worker.start();
  }

  /** Ends the "process" with {@code code}; only the first end counts, as only one exit does. */
  private void end(int code) {
    if (exitCode.compareAndSet(Integer.MIN_VALUE, code)) {
      SocketChannel open = connection;
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          // closed is closed
        }
      }
      ended.countDown();
    }
  }

  @Override
  public void kill() {
    end(KILLED);
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Throwable launchFailure() {
    return null;
  }

  @Override
  public String stderrTail() {
    return "";
  }

  @Override
  public Thread reportingThread() {
    return reporter;
  }
}
