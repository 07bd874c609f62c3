package org.multipool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.Pool;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;
import org.multipool.TaskFailedException;
import org.multipool.testkit.Signal;

/** Semantics 12 and 3 (docs/semantics.md): what crosses to worker JVMs, and what happens when something cannot. */
class SerializationTest {
  private static final long WAIT = 30;
  private static Pool pool;

  @BeforeAll
  static void openPool() {
    pool = Pool.processes(2);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  private static long workerPid() throws Exception {
    return pool.submit(() -> ProcessHandle.current().pid()).get(WAIT, TimeUnit.SECONDS);
  }

  /** Not serializable. */
  static final class Handle {
    final int value;

    Handle(int value) {
      this.value = value;
    }
  }

  /** An exception that cannot travel: it holds something that is not serializable. */
  static final class HandleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings({"unused", "serial"})
    private final Handle handle = new Handle(1);

    HandleException(String message) {
      super(message);
    }
  }

  @Test
  void submit_ofATaskCapturingSomethingNotSerializable_throwsAtTheCall_namingTheClass() {
    Handle handle = new Handle(7);
    assertThatThrownBy(() -> pool.submit(() -> handle.value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
  }

  @Test
  void map_withAnItemThatIsNotSerializable_throwsAtTheCall_namingTheClass() {
    List<Object> items = Arrays.asList(1, 2, new Handle(3), 4);
    assertThatThrownBy(() -> pool.map(x -> x.hashCode(), items))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
  }

  @Test
  void map_withAnUnsendableItemNearItsEnd_throwsAtTheCall_andStopsNoWorker_andNothingFromItsChunkOnRuns(
      @TempDir Path tempDir) throws Exception {
    String dir = tempDir.toString();
    List<Object> items = new ArrayList<>(IntStream.range(0, 100).boxed().collect(Collectors.toList()));
    items.set(95, new Handle(95));
    assertThat(pool.map(x -> x, List.of(1, 2, 3, 4), 1)).hasSize(4); // both workers have started
    long lost = pool.stats().workersLost();
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.map(x -> {
      Signal.tally(dir, "ran-" + x);
      long end = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < end) {
        Thread.onSpinWait(); // deaf to interrupts: stopping it would cost its worker
      }
      return x.hashCode();
    }, items, 10))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("thrown at the call, not after the items")
        .isLessThan(Duration.ofSeconds(5));
    // Anything still queued would run next, ahead of this map: the failed call's queued chunks were dropped.
    assertThat(pool.map(x -> x, List.of(1, 2, 3, 4), 1)).hasSize(4);
    assertThat(pool.stats().workersLost()).as("workers stopped for the call's items").isEqualTo(lost);
    long ran = Signal.count(tempDir, "ran");
    assertThat(ran).as("items begun before the call threw, at most the two chunks under way")
        .isLessThanOrEqualTo(20);
    for (int i = 90; i < 100; i++) {
      assertThat(Signal.count(tempDir, "ran-" + i)).as("item %d of the unsendable chunk ran", i).isZero();
    }
  }

  /** Written as any object is; reading it throws, as a class that checks its invariants might. */
  static final class RefusesToBeRead implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      throw new java.io.InvalidObjectException("refused to be read");
    }
  }

  @Test
  void anItemTheWorkerCannotRead_failsAtItsOwnIndex_afterTheItemsBeforeItRan(@TempDir Path tempDir) {
    String dir = tempDir.toString();
    List<Object> items = new ArrayList<>(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
    items.set(5, new RefusesToBeRead());
    Throwable thrown = catchThrowable(() -> pool.map(x -> {
      Signal.tally(dir, "ran-" + x);
      return x.hashCode();
    }, items, 10)); // one chunk
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(5);
    assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
        .hasMessageContaining("refused to be read");
    assertThat(Signal.count(tempDir, "ran")).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(Signal.count(tempDir, "ran-" + i)).as("item %d ran", i).isEqualTo(1);
    }
  }

  @Test
  void map_withAFunctionCapturingSomethingNotSerializable_throwsAtTheCall() {
    Handle handle = new Handle(2);
    assertThatThrownBy(() -> pool.map(x -> x * handle.value, List.of(1, 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
  }

  @Test
  void imap_withAnItemThatIsNotSerializable_throwsWhenTheConsumerGetsThere() {
    Stream<Object> items = Stream.of(1, new Handle(2), 3);
    assertThatThrownBy(() -> pool.imap(x -> x.hashCode(), items).collect(Collectors.toList()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
  }

  @Test
  void resultThatIsNotSerializable_failsOnlyThatTask_andTheWorkerSurvives() throws Exception {
    long before = workerPid();
    Throwable thrown = catchThrowable(() -> pool.map(x -> x == 2 ? new Handle(x) : x, List.of(1, 2, 3), 1));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
    CompletableFuture<Object> single = pool.submit(() -> new Handle(9));
    assertThatThrownBy(() -> single.get(WAIT, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SerializationException.class);
    List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6), 1);
    assertThat(pids).contains(before); // no worker died for it
  }

  @Test
  void unsendableResult_amongPlainOnesOfTheSameBatch_failsOnlyItsItem() {
    List<Integer> items = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());
    // One batch: the plain results before it travel in the same frame as the one cut out.
    Throwable thrown = catchThrowable(() -> pool.map(x -> x == 500 ? new Handle(x) : x, items, 1_000));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(500);
    assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
        .hasMessageContaining(Handle.class.getName());
    assertThat(pool.map(x -> x == 500 ? "five hundred" : x, items, 1_000).get(500)).isEqualTo("five hundred");
  }

  @Test
  void valuesOfEveryCommonKind_comeBackEqual_andInOrder() {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      switch (i % 8) {
        case 0 -> items.add(i);
        case 1 -> items.add((long) i << 33);
        case 2 -> items.add(i / 7.0);
        case 3 -> items.add(i % 3 == 0);
        case 4 -> items.add("item " + i);
        case 5 -> items.add(null);
        case 6 -> items.add(List.of(i, "x"));
        default -> items.add(BigInteger.valueOf(i).pow(3));
      }
    }
    assertThat(pool.map(x -> x, items)).isEqualTo(items);
  }

  @Test
  void taskException_arrivesAsTheSameClass_withTheWorkersStackFrames() {
    Throwable thrown = catchThrowable(() -> pool.submit(() -> {
      throw new IllegalArgumentException("bad argument in worker");
    }).get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad argument in worker");
    assertThat(thrown.getCause().getStackTrace())
        .anySatisfy(frame -> assertThat(frame.getClassName()).startsWith("org.multipool.process.worker."));
  }

  @Test
  void exceptionThatCannotTravel_arrivesAsRemoteTaskException_withClassMessageAndStack() {
    Throwable thrown = catchThrowable(() -> pool.submit(() -> {
      throw new HandleException("cannot travel");
    }).get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(RemoteTaskException.class);
    RemoteTaskException remote = (RemoteTaskException) thrown.getCause();
    assertThat(remote.remoteClassName()).isEqualTo(HandleException.class.getName());
    assertThat(remote).hasMessageContaining("cannot travel");
    assertThat(remote.getStackTrace())
        .anySatisfy(frame -> assertThat(frame.getClassName()).startsWith("org.multipool.process.worker."));
  }

  /** A class that cannot be initialized in a worker JVM, where the property is not set. */
  static final class OnlyHere implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    static {
      if (System.getProperty("multipool.test.parent") == null) {
        throw new IllegalStateException("cannot initialize in a worker");
      }
    }
  }

  @Test
  void taskWhoseClassFailsToInitializeInTheWorker_failsThatTask_andTheWorkerGoesOn() throws Exception {
    System.setProperty("multipool.test.parent", "true");
    OnlyHere item = new OnlyHere();
    Throwable thrown = catchThrowable(() -> pool.submit(() -> item.hashCode()).get(WAIT, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
        .hasMessageContaining("ExceptionInInitializerError");
    assertThat(pool.submit(() -> "next")).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("next");
  }

  /** Serializes once, then refuses: as if the caller changed it after the call. */
  static final class SerializesOnce implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicInteger WRITES = new java.util.concurrent.atomic.AtomicInteger();

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      if (WRITES.incrementAndGet() > 1) {
        throw new java.io.NotSerializableException("changed since the call");
      }
      out.defaultWriteObject();
    }
  }

  @Test
  void batchThatCannotBeSentAtTheWorker_failsItsItems_withoutRestartingWorkersInALoop() {
    try (Pool recycling = Pool.builder().processes(1).maxTasksPerWorker(2).build()) {
      List<Object> items = Arrays.asList(1, 2, 3, new SerializesOnce());
      // One chunk of four, split at the worker for its budget of two: the second part is encoded again.
      Throwable thrown = catchThrowable(() -> recycling.map(x -> x.hashCode(), items, 4));
      assertThat(thrown).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) thrown).index()).isEqualTo(2);
      assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
          .hasMessageContaining("changed since the call");
      assertThat(recycling.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
    }
  }

  @Test
  void fiftyMegabyteArgumentsAndResults_crossBothWays() throws Exception {
    byte[] big = new byte[50 * 1024 * 1024];
    Arrays.fill(big, (byte) 7);
    big[big.length - 1] = 42;
    long sum = pool.submit(() -> {
      long total = 0;
      for (byte b : big) {
        total += b;
      }
      return total;
    }).get(WAIT, TimeUnit.SECONDS);
    assertThat(sum).isEqualTo(7L * (big.length - 1) + 42);
    byte[] back = pool.submit(() -> {
      byte[] result = new byte[50 * 1024 * 1024];
      result[result.length - 1] = 9;
      return result;
    }).get(WAIT, TimeUnit.SECONDS);
    assertThat(back).hasSize(50 * 1024 * 1024);
    assertThat(back[back.length - 1]).isEqualTo((byte) 9);
    List<Integer> lengths = pool.map(bytes -> bytes.length, List.of(big, new byte[3]));
    assertThat(lengths).containsExactly(big.length, 3);
  }
}
