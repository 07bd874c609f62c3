package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.Task;
import org.multipool.TaskTimeoutException;

/**
 * Semantics 7 on worker JVMs: a task's timeout counts from when the task began, not from when its
 * batch was sent. Decoding a batch in a fresh worker JVM loads classes, which is no task's time;
 * the worker says when a batch that begins late begins, and the pool starts the timeout again. The
 * timeout that started when the batch was sent still ends a decoding that takes longer than it.
 */
class TaskTimeoutStartTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A task that takes {@code decodeMillis} to decode in the worker, then runs for {@code runMillis}. */
  static final class SlowToDecode implements Task<String> {
    private static final long serialVersionUID = 1L;
    private final long decodeMillis;
    private final long runMillis;

    SlowToDecode(long decodeMillis, long runMillis) {
      this.decodeMillis = decodeMillis;
      this.runMillis = runMillis;
    }

    @Override
    public String call() throws InterruptedException {
      Thread.sleep(runMillis);
      return "ran";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      try {
        Thread.sleep(decodeMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aTaskSlowToDecode_getsItsWholeTimeout_inAFreshWorkerAndInAWarmOne() throws Exception {
    // Decoding and running each take 60% of the timeout: together they are over it, the task alone is not.
    try (Pool pool = Pool.builder().processes(1).taskTimeout(Duration.ofMillis(1_000)).build()) {
      assertThat(pool.submit(new SlowToDecode(600, 600))).as("the worker's first task")
          .succeedsWithin(WAIT).isEqualTo("ran");
      assertThat(pool.submit(new SlowToDecode(600, 600))).as("a later one")
          .succeedsWithin(WAIT).isEqualTo("ran");
      assertThat(pool.stats().failedItems()).isZero();
    }
  }

  @Test
  void aTaskWhoseDecodingNeverEnds_stillTimesOut_andTheNextRuns() throws Exception {
    try (Pool pool = Pool.builder().processes(1).taskTimeout(Duration.ofMillis(500)).build()) {
      assertThat(pool.submit(new SlowToDecode(600_000, 0))).failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(TaskTimeoutException.class);
      assertThat(pool.submit(() -> "next")).succeedsWithin(WAIT).isEqualTo("next");
    }
  }
}
