package org.multipool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.testing.SerializableTester;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Every exception of the API survives Java serialization with what it carries, as it must to
 * cross from a worker JVM to the caller.
 */
class ExceptionsSerializableTest {

  @Test
  void taskFailedException_keepsItsIndexAndCause() {
    TaskFailedException copy = SerializableTester.reserialize(
        new TaskFailedException(7, new IllegalStateException("item 7 broke")));
    assertThat(copy.index()).isEqualTo(7);
    assertThat(copy.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("item 7 broke");
    assertThat(copy).hasMessageContaining("item 7");
  }

  @Test
  void workerCrashedException_keepsItsPidAndExitCode() {
    WorkerCrashedException copy = SerializableTester.reserialize(
        new WorkerCrashedException("worker 4242 died", 4242L, 137));
    assertThat(copy.pid()).isEqualTo(4242L);
    assertThat(copy.exitCode()).isEqualTo(137);
    assertThat(copy).hasMessage("worker 4242 died");
  }

  @Test
  void remoteTaskException_keepsTheRemoteClassNameAndStackTrace() {
    StackTraceElement frame = new StackTraceElement("com.example.Task", "call", "Task.java", 12);
    RemoteTaskException copy = SerializableTester.reserialize(
        new RemoteTaskException("com.example.OddException", "odd", new StackTraceElement[] {frame}));
    assertThat(copy.remoteClassName()).isEqualTo("com.example.OddException");
    assertThat(copy.getMessage()).contains("odd");
    assertThat(copy.getStackTrace()).containsExactly(frame);
  }

  @Test
  void theOtherExceptions_keepTheirMessageAndCause() {
    IOException cause = new IOException("disk");
    assertThat(SerializableTester.reserialize(new BrokenPoolException("broken", cause)))
        .hasMessage("broken").hasCauseInstanceOf(IOException.class);
    assertThat(SerializableTester.reserialize(new SerializationException("cannot", cause)))
        .hasMessage("cannot").hasCauseInstanceOf(IOException.class);
    assertThat(SerializableTester.reserialize(new TaskTimeoutException("too long"))).hasMessage("too long");
    assertThat(SerializableTester.reserialize(new PoolException("pool", cause)))
        .hasMessage("pool").hasCauseInstanceOf(IOException.class);
  }
}
