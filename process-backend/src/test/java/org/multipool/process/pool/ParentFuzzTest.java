package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multipool.Pool;
import org.multipool.WorkerCrashedException;
import org.multipool.process.wire.ByeFrame;
import org.multipool.process.wire.CommandFrame;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.FuzzCase;
import org.multipool.process.wire.HelloFrame;
import org.multipool.process.wire.ReadyFrame;

/**
 * A worker that passed the handshake and then sends frames the protocol does not allow: the pool
 * must take it for a lost worker, say so, and go on; it must never complete a future with a value
 * the worker did not validly send, never hang, and never allocate what a frame merely claims.
 *
 * <p>Each case is one worker's life: it says hello, gets the init, says ready, gets a task, sends
 * the case's bytes and hangs up. The task must fail with {@link WorkerCrashedException}, whose
 * message says the worker broke the protocol where the bytes break it before the end of the
 * stream; the next case is the replacement. Seeds are fixed, so a failure names its case.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentFuzzTest {
  private static final int CASES = 10_000;
  private static final int WORKERS = 4;
  private static final long SEED = 0x6d706c66757a7aL;

  @AfterEach
  void realWorkersAgain() {
    InJvmBackend.reset();
  }

  @Test
  void badFramesFromAWorker_costOnlyThatWorker_andThePoolGoesOn() throws Exception {
    Random random = new Random(SEED);
    BlockingQueue<FuzzCase<BadFrames.Kind>> cases = new LinkedBlockingQueue<>();
    Map<BadFrames.Kind, Integer> seen = new EnumMap<>(BadFrames.Kind.class);
    for (int i = 0; i < CASES; i++) {
      FuzzCase<BadFrames.Kind> bad = BadFrames.next(random);
      seen.merge(bad.kind(), 1, Integer::sum);
      cases.add(bad);
    }
    // Each worker plays the next case; once they are used up, workers are real again.
    Map<Long, FuzzCase<BadFrames.Kind>> caseOfWorker = new ConcurrentHashMap<>();
    AtomicInteger played = new AtomicInteger();
    InJvmBackend.peers(name -> {
      FuzzCase<BadFrames.Kind> bad = cases.poll();
      if (bad == null) {
        return new InJvmProcess(name, InJvmProcess.WORKER_LOOP);
      }
      InJvmProcess process = new InJvmProcess(name, (connection, number, secret, exit) -> {
        int code = play(bad, connection, number, secret);
        played.incrementAndGet();
        return code;
      });
      caseOfWorker.put(process.pid(), bad);
      return process;
    });
    int failed = 0;
    try (Pool pool = Pool.builder().backend(InJvmBackend.ID, WORKERS).name("parent-fuzz").build()) {
      while (played.get() < CASES) { // then every bad worker has had its task and ended
        List<CompletableFuture<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
          tasks.add(pool.submit(() -> "a value no case sends"));
        }
        for (CompletableFuture<Object> task : tasks) {
          Throwable thrown = catchThrowable(() -> task.get(30, TimeUnit.SECONDS));
          if (thrown == null) { // only a real worker answers, once the cases are used up
            assertThat(cases).as("a task completed while cases were left").isEmpty();
            assertThat(task.join()).isEqualTo("a value no case sends");
            continue;
          }
          assertThat(thrown).isInstanceOf(ExecutionException.class);
          assertThat(thrown.getCause()).isInstanceOf(WorkerCrashedException.class);
          WorkerCrashedException crash = (WorkerCrashedException) thrown.getCause();
          FuzzCase<BadFrames.Kind> bad = caseOfWorker.get(crash.pid());
          assertThat(bad).as("the worker that failed %s played a case", task).isNotNull();
          if (bad.breaksProtocol()) {
            assertThat(crash).as("%s", bad).hasMessageContaining("broke the protocol");
          }
          failed++;
        }
      }
      // the pool goes on, on real workers
      assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
    }
    assertThat(caseOfWorker).as("every case was played").hasSize(CASES);
    assertThat(failed).as("tasks that failed, one per case: each bad worker took one").isEqualTo(CASES);
    assertThat(seen.keySet()).as("every kind of bad frame was tried").containsExactlyInAnyOrder(BadFrames.Kind.values());
  }

  /** One worker's life in the fuzz: a clean start, a task's batch, then the bad bytes and the end. */
  private static int play(FuzzCase<BadFrames.Kind> bad, SocketChannel connection, int number, byte[] secret) throws IOException {
    FrameChannel channel = handshake(connection, number, secret);
    CommandFrame.read(channel.receive()); // a batch, or a bye at the very end
    ByteBuffer bytes = ByteBuffer.wrap(bad.bytes());
    while (bytes.hasRemaining()) {
      connection.write(bytes);
    }
    return InJvmProcess.KILLED; // the process ends: the pool reads what it sent, then the end of the stream
  }

  @Test
  void bytesAfterBye_areIgnored_andThePoolShutsDown() throws Exception {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[1 + random.nextInt(64)];
      random.nextBytes(garbage);
      InJvmBackend.peers(name -> new InJvmProcess(name, (connection, number, secret, exit) -> {
        FrameChannel channel = handshake(connection, number, secret);
        CommandFrame batch = CommandFrame.read(channel.receive());
        assertThat(batch).isNotNull();
        ByteBuffer outcome = ByteBuffer.allocate(100);
        outcome.putInt(0).putInt(0).putInt(1).put((byte) 0).put((byte) 0).put((byte) 4); // seq, from, count, RAW, OK, STRING
        byte[] text = "answered".getBytes(StandardCharsets.UTF_8);
        outcome.putInt(text.length).put(text).flip();
        channel.send((byte) 4, outcome);
        while (!(CommandFrame.read(channel.receive()) instanceof ByeFrame)) {
          // skip answers and the like
        }
        connection.write(ByteBuffer.wrap(garbage));
        return 0;
      }));
      Pool pool = Pool.builder().backend(InJvmBackend.ID, 1).name("bye-fuzz").build();
      CompletableFuture<Object> task = pool.submit(() -> "answered");
      assertThat(task.get(30, TimeUnit.SECONDS)).isEqualTo("answered");
      pool.shutdown();
      assertThat(pool.join(Duration.ofSeconds(30))).as("case %d", i).isTrue();
    }
  }

  private static FrameChannel handshake(SocketChannel connection, int number, byte[] secret) throws IOException {
    FrameChannel channel = new FrameChannel(connection);
    new HelloFrame(number, secret).write(channel);
    CommandFrame.read(channel.receive()); // the init
    new ReadyFrame().write(channel);
    return channel;
  }
}
