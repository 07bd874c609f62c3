package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.multipool.spi.remote.RemoteKitFakes.batch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkerControl.Skip;
import org.multipool.spi.remote.RemoteKitFakes.FakeWorker;
import org.multipool.spi.remote.RemoteKitFakes.RecordingTransport;

/** The send-ahead window on its own: room, sequence numbers, skips, the head and a lost worker. */
class SendAheadWindowTest {
  private final FakeWorker worker = new FakeWorker();
  private final RecordingTransport transport = new RecordingTransport();
  private final SendAheadWindow<String> window = new SendAheadWindow<>(transport, Room.fixed(3));
  private volatile Thread senderThread;

  SendAheadWindowTest() {
    window.attach(worker);
  }

  @Test
  void sender_keepsAsManyInFlightAsTheRoomAllows_andTakesTheNextOnceOneFinishes() throws Exception {
    worker.offer(batch(1), batch(2), batch(3), batch(4));
    CompletableFuture<SendAheadWindow.End> sender = runSender(PoolConfig.UNLIMITED_TASKS);
    awaitSent(3);
    awaitWaiting(sender);
    assertThat(worker.takes).as("no room for a fourth batch").isEqualTo(3);

    window.finished(window.head());
    awaitSent(4);
    assertThat(transport.sent()).as("the fourth batch races the head's move")
        .containsExactlyInAnyOrder("head 0", "batch 0 skipFrom 1", "batch 1 skipFrom 2",
        "batch 2 skipFrom 3", "head 1", "batch 3 skipFrom 4");
    window.finished(window.head());
    worker.noMore();
    assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendAheadWindow.End.NO_MORE_WORK);
  }

  @Test
  void sender_stopsWhenTheBudgetIsUsedUp() throws Exception {
    worker.offer(batch(2), batch(3));
    CompletableFuture<SendAheadWindow.End> sender = runSender(5);
    assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendAheadWindow.End.USED_UP);
    assertThat(worker.takes).isEqualTo(2);
  }

  @Test
  void room_growsWhileBatchesAreQuick_andShrinksWhenTheHeadRunsLong() {
    Room room = Room.quickBurst(2, 16, Duration.ofMillis(1));
    long now = System.nanoTime();
    long quick = TimeUnit.MICROSECONDS.toNanos(100);
    assertThat(room.batches(0, Long.MAX_VALUE, now)).as("nothing finished yet").isEqualTo(2);
    assertThat(room.batches(now - quick, quick, now)).isEqualTo(16);
    assertThat(room.batches(now - TimeUnit.MILLISECONDS.toNanos(5), quick, now)).as("the head runs long").isEqualTo(2);
    assertThat(Room.fixed(3).batches(0, 0, now)).isEqualTo(3);
  }

  @Test
  void aSkipBeforeTheBatchIsSent_travelsWithIt() throws Exception {
    worker.onTake = batch -> assertThat(window.skip(batch, 1, Skip.UNWANTED)).isNull(); // as the pool's take() does
    worker.offer(batch(3));
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1");
  }

  @Test
  void aSkipWhileTheBatchIsSent_followsIt_andOneAfterwardsGoesAtOnce_butOnlyIfItIsNews() throws Exception {
    transport.onSend = held -> window.skip(held.batch(), 2, Skip.CANCELLED);
    Batch batch = batch(4);
    worker.offer(batch);
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    InFlightBatch<String> held = window.skip(batch, 1, Skip.CANCELLED_STOP_BEGUN);
    window.skip(batch, 3, Skip.CANCELLED); // asks for less than the worker knows
    assertThat(held.seq()).isZero();
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 4", "skip 0 from 2 null",
        "skip 0 from 1 stop CANCELLED_STOP_BEGUN");
  }

  @Test
  void answeredSkip_endsTheWait_andAnUnansweredOneIsWaitedForOnlyOnce() throws Exception {
    Batch batch = batch(4);
    worker.offer(batch);
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    InFlightBatch<String> held = window.skip(batch, 1, Skip.CANCELLED);
    window.answered(held.seq(), 1);
    assertThat(window.awaitAnswer(held, 1, 10_000)).isTrue();
    InFlightBatch<String> again = window.skip(batch, 0, Skip.CANCELLED);
    assertThat(window.awaitAnswer(again, 0, 1)).as("late").isFalse();
    assertThat(window.awaitAnswer(again, 0, 10_000)).as("not waited for again until it answers").isTrue();
  }

  @Test
  void theHead_movesWhenItFinishes_andTheNextBatchBegins() throws Exception {
    worker.offer(batch(1), batch(2));
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    InFlightBatch<String> first = window.head();
    assertThat(first.seq()).isZero();
    InFlightBatch<String> second = window.finished(first);
    assertThat(second.seq()).isEqualTo(1);
    assertThat(window.finished(first)).as("finished once").isSameAs(second);
    assertThat(window.finished(second)).isNull();
    assertThat(window.awaitHead()).as("the sender is done and nothing is in flight").isNull();
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1", "batch 1 skipFrom 2", "head 1");
  }

  @Test
  void aBatchThatCannotBePrepared_failsHereInOrder_andIsNotSent() throws Exception {
    transport.prepareFails = new IllegalStateException("cannot encode");
    worker.offer(batch(2));
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    assertThat(transport.sent()).isEmpty();
    assertThat(worker.reports()).containsExactly("started batch of 2 #0", "failed batch of 2 #0: cannot encode",
        "started batch of 2 #1", "failed batch of 2 #1: cannot encode");
  }

  @Test
  void aStoppedWindow_sendsNothingMore_butWhatIsInFlightRuns() throws Exception {
    worker.offer(batch(1));
    worker.onTake = batch -> window.stop();
    assertThat(runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS)).isEqualTo(SendAheadWindow.End.STOPPED);
    assertThat(transport.sent()).as("the batch taken stays untouched; the worker's end queues it again").isEmpty();
    assertThat(window.stopped()).isTrue();
    assertThat(window.closed()).isFalse();
  }

  @Test
  void aLostWorker_failsWhatBegan_leavesWhatNeverWillToThePool() throws Exception {
    Batch begun = batch(1);
    Batch untouched = batch(2);
    Batch claimedByTheFarSide = batch(3);
    worker.offer(begun, untouched);
    worker.noMore();
    runSender(PoolConfig.UNLIMITED_TASKS).get(10, TimeUnit.SECONDS);
    window.began(window.head());
    window.settleLoss(() -> new IllegalStateException("gone"));
    assertThat(transport.sent()).as("a batch seen to begin is the pool's to fail; it heard of its start")
        .containsExactly("head 0", "batch 0 skipFrom 1", "batch 1 skipFrom 2", "claim 1");
    assertThat(worker.reports()).containsExactly("lost");
    assertThat(window.closed()).isTrue();

    FakeWorker other = new FakeWorker();
    RecordingTransport refusing = new RecordingTransport();
    refusing.claims = false; // the far side began it before the caller could claim it
    SendAheadWindow<String> second = new SendAheadWindow<>(refusing, Room.fixed(3));
    second.attach(other);
    other.offer(claimedByTheFarSide);
    other.noMore();
    CompletableFuture.supplyAsync(() -> runQuietly(second)).get(10, TimeUnit.SECONDS);
    second.settleLoss(() -> new IllegalStateException("gone"));
    assertThat(other.reports()).containsExactly("failed batch of 3 #0: gone", "failed batch of 3 #1: gone",
        "failed batch of 3 #2: gone", "lost");
    assertThat(second.awaitHead()).as("a lost window has no head to wait for").isNull();
  }

  private CompletableFuture<SendAheadWindow.End> runSender(int maxItems) {
    CompletableFuture<SendAheadWindow.End> end = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        end.complete(window.runSender(maxItems));
      } catch (IOException | RuntimeException | Error e) {
        end.completeExceptionally(e);
      }
    }, "window-test-sender");
    thread.setDaemon(true);
    senderThread = thread;
    thread.start();
    return end;
  }

  private static SendAheadWindow.End runQuietly(SendAheadWindow<String> window) {
    try {
      return window.runSender(PoolConfig.UNLIMITED_TASKS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until the transport has sent {@code batches} batches. */
  private void awaitSent(int batches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (transport.sent().stream().filter(line -> line.startsWith("batch")).count() < batches) {
      assertThat(System.nanoTime()).as("sent " + batches + " batches in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Waits until the sender waits for room: its third take has not come. */
  private void awaitWaiting(CompletableFuture<?> sender) throws InterruptedException {
    Thread thread = senderThread;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("the sender waits for room in time").isLessThan(deadline);
      assertThat(sender).isNotDone();
      Thread.onSpinWait();
    }
  }
}
