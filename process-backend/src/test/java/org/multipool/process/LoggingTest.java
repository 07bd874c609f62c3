package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.WorkerCrashedException;
import org.multipool.process.worker.WorkerMain;

/** Semantics 25 (docs/semantics.md): the pool side logs through System.Logger "org.multipool". */
class LoggingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private PoolLogRecorder log;

  @BeforeEach
  void listen() {
    log = PoolLogRecorder.start();
  }

  @AfterEach
  void stopListening() {
    log.close();
  }

  @Test
  void aWorkerThatCrashes_isAWarning_withItsPidAndExitCode() throws Exception {
    try (Pool pool = Pool.processes(1)) {
      Throwable failure = catchCause(() -> pool.submit(() -> {
        System.exit(3);
        return null;
      }).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertThat(failure).isInstanceOf(WorkerCrashedException.class);
      long pid = ((WorkerCrashedException) failure).pid();

      LogRecord warning = awaitRecord(record -> record.getLevel() == Level.WARNING
          && message(record).contains("Worker process " + pid + " "));
      assertThat(message(warning)).contains("exit code 3").contains("replacement");
      assertThat(pool.submit(() -> 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void aConnectionWithoutTheSecret_isRefusedWithAWarning() throws Exception {
    try (Pool pool = Pool.builder().processes(1).name("logged-pool").build()) {
      Path socket = socketOf(pool);
      try (SocketChannel stranger = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        ByteBuffer lie = ByteBuffer.allocate(64);
        while (lie.hasRemaining()) {
          stranger.write(lie);
        }
        awaitRecord(record -> record.getLevel() == Level.WARNING
            && message(record).contains("Pool logged-pool refused a connection"));
      }
      assertThat(pool.submit(() -> 2).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  private LogRecord awaitRecord(Predicate<LogRecord> wanted) throws InterruptedException {
    return log.await(wanted, WAIT);
  }

  private static String message(LogRecord record) {
    return PoolLogRecorder.message(record);
  }

  private static Throwable catchCause(ThrowingCall call) {
    try {
      call.run();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  /** The socket a worker connected to, read off its command line as any local user could. */
  private static Path socketOf(Pool pool) throws Exception {
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<String> arguments = List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
    return Path.of(arguments.get(arguments.indexOf(WorkerMain.class.getName()) + 1));
  }
}
