package org.multipool.process.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.process.wire.EventFrame;
import org.multipool.process.wire.ExitCode;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.FuzzCase;
import org.multipool.process.wire.HelloFrame;
import org.multipool.process.wire.InitFrame;
import org.multipool.process.wire.ReadyFrame;
import org.multipool.process.wire.SocketPair;
import org.multipool.process.wire.Uninterruptibles;

/**
 * A pool that sends its worker frames the protocol does not allow: the worker must end, saying
 * why on its stderr, and never hang or allocate what a frame merely claims. Objects a task's
 * classes cannot read are that task's failure, not the worker's.
 *
 * <p>Each case runs the real worker loop in this JVM against a socket played by the test: the
 * hello, the init and the ready as usual, then the case's bytes and the end of the stream. Seeds
 * are fixed, so a failure names its case.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerFuzzTest {
  private static final int CASES = 10_000;
  private static final long SEED = 0x776f726b6572L;
  private static final byte[] SECRET = new byte[32];

  @Test
  void badFramesFromThePool_endTheWorker_sayingWhy() throws Exception {
    Random random = new Random(SEED);
    Map<BadCommands.Kind, Integer> seen = new EnumMap<>(BadCommands.Kind.class);
    PrintStream stderr = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
    try (SocketPair.Maker sockets = new SocketPair.Maker()) {
      for (int i = 0; i < CASES; i++) {
        FuzzCase<BadCommands.Kind> bad = BadCommands.next(random);
        seen.merge(bad.kind(), 1, Integer::sum);
        said.reset();
        ExitCode code = play(bad, sockets.open());
        if (bad.breaksProtocol()) {
          assertThat(code).as("case %d (%s)", i, bad).isEqualTo(ExitCode.POOL_GONE);
          assertThat(said.toString(StandardCharsets.UTF_8)).as("what the worker said in case %d (%s)", i, bad)
              .contains("multipool worker: the connection to the pool failed: "
                  + "org.multipool.process.wire.ProtocolException");
        } else {
          assertThat(code).as("case %d (%s)", i, bad).isIn(ExitCode.POOL_GONE, ExitCode.NORMAL);
        }
        if (bad.kind() == BadCommands.Kind.GARBLED_OBJECTS) { // objects a task cannot read are not the protocol's fault
          assertThat(said.toString(StandardCharsets.UTF_8)).as("case %d (%s)", i, bad).doesNotContain("ProtocolException");
        }
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(seen.keySet()).as("every kind of bad frame was tried")
        .containsExactlyInAnyOrder(BadCommands.Kind.values());
  }

  /** Runs a worker through its start, sends it the case, hangs up, and returns how it ended. */
  private static ExitCode play(FuzzCase<BadCommands.Kind> bad, SocketPair pair) throws Exception {
    try (SocketPair sockets = pair) {
      CompletableFuture<ExitCode> ended = new CompletableFuture<>();
      // The command reader always ends by calling the exit, at the end of the stream at the latest,
      // after it said what went wrong: waiting for it keeps what it says in its own case.
      CompletableFuture<ExitCode> readerDone = new CompletableFuture<>();
      Thread worker = new Thread(() -> {
        try {
          ended.complete(new WorkerLoop(new FrameChannel(sockets.workerSide()), 1, SECRET, code -> {
            ended.complete(code);
            readerDone.complete(code);
          }).run());
        } catch (IOException e) {
          ended.complete(ExitCode.POOL_GONE); // as WorkerMain ends a worker that lost its pool
          readerDone.complete(ExitCode.POOL_GONE); // it failed before the reader started
        }
      }, "worker-fuzz-loop");
      worker.start();
      FrameChannel pool = new FrameChannel(sockets.poolSide());
      assertThat(EventFrame.read(pool.receive())).isInstanceOf(HelloFrame.class);
      new InitFrame(false, 0, new byte[0]).write(pool);
      assertThat(EventFrame.read(pool.receive())).isInstanceOf(ReadyFrame.class);
      ByteBuffer bytes = ByteBuffer.wrap(bad.bytes());
      while (bytes.hasRemaining()) {
        sockets.poolSide().write(bytes);
      }
      sockets.poolSide().shutdownOutput();
      ExitCode code = ended.get(10, TimeUnit.SECONDS);
      readerDone.get(10, TimeUnit.SECONDS);
      Uninterruptibles.join(worker, 10_000);
      assertThat(worker.isAlive()).as("the worker's loop ended").isFalse();
      return code;
    }
  }
}
