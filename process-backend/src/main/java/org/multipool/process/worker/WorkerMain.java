package org.multipool.process.worker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.Protocol;

/**
 * The entry point of a worker JVM, a thin shell over {@link WorkerLoop#run()}.
 *
 * <p>Arguments: the socket to connect to, the worker's number, the parent's pid. The pool's secret
 * arrives on stdin as {@value Protocol#SECRET_BYTES} bytes in hex and a newline, so it never shows
 * on a command line. Only the pool starts this class.
 */
public final class WorkerMain {
  /**
   * The largest batch frame whose buffer the worker keeps for the next: a map over large items
   * sends batches of tens of megabytes, and one buffer for all of them spares the collector.
   */
  private static final int KEPT_PAYLOAD = 64 * 1024 * 1024;

  private WorkerMain() {}

  /**
   * Runs a worker until the pool lets it go, then ends the JVM.
   *
   * @param args the socket path, the worker's number and the parent's pid
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("multipool worker: expected <socket> <worker number> <parent pid>, this JVM is"
          + " started by a process pool and not meant to be run by hand");
      WorkerExit.now(ExitCode.POOL_GONE);
      return;
    }
    WorkerExit.watchParent(Long.parseLong(args[2]));
    ExitCode code;
    try {
      byte[] secret = readSecret(System.in);
      SocketChannel connection = SocketChannel.open(StandardProtocolFamily.UNIX);
      connection.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
      int number = Integer.parseInt(args[1]);
      FaultInjection faults = FaultInjection.forWorker(number);
      code = new WorkerLoop(new FrameChannel(connection, faults.tap(), KEPT_PAYLOAD), number, secret, WorkerExit::now, faults).run();
    } catch (IOException e) {
      System.err.println("multipool worker: lost the pool: " + e);
      code = ExitCode.POOL_GONE;
    } catch (Throwable e) { // a worker that cannot go on must end, even if a task left threads behind
      System.err.println("multipool worker: failed: " + e);
      e.printStackTrace();
      code = ExitCode.POOL_GONE;
    }
    WorkerExit.now(code);
  }

  /** Reads the secret as the pool writes it to a worker's stdin: hex digits and a newline. */
  static byte[] readSecret(InputStream in) throws IOException {
    byte[] hex = new byte[2 * Protocol.SECRET_BYTES];
    new DataInputStream(in).readFully(hex);
    return HexFormat.of().parseHex(new String(hex, StandardCharsets.US_ASCII));
  }
}
