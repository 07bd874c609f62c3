package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.multipool.spi.remote.RemoteKitFakes.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.multipool.spi.Batch;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.remote.RemoteKitFakes.FakeWorker;
import org.multipool.spi.remote.RemoteKitFakes.RecordingTransport;

/**
 * Taking back a batch a worker holds ahead (semantics 27), at each point of its way to the
 * worker: exactly once, or not at all once the worker began it.
 */
class TakeBackTest {
  private final FakeWorker worker = new FakeWorker();
  private final RecordingTransport transport = new RecordingTransport();
  private final SendAheadWindow<String> window = new SendAheadWindow<>(transport, Room.fixed(3));

  TakeBackTest() {
    window.attach(worker);
  }

  @Test
  void askedBackBeforeItIsSent_isNotSentAtAll_andTakesNoSequenceNumber() throws Exception {
    Batch askedBack = batch(2);
    worker.onTake = batch -> {
      if (batch == askedBack) {
        window.takeBack(batch); // the pool asks as soon as the batch is assigned
      }
    };
    worker.offer(askedBack, batch(1));
    worker.noMore();
    send();
    assertThat(worker.reports()).containsExactly("givenBack batch of 2");
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1");
    assertThat(window.head().batch().size()).isEqualTo(1);
  }

  @Test
  void askedBackWhileItIsSent_isAskedForOnceItIsOut_once() throws Exception {
    transport.onSend = held -> {
      window.takeBack(held.batch());
      window.takeBack(held.batch());
    };
    Batch batch = batch(1);
    worker.offer(batch);
    worker.noMore();
    send();
    window.takeBack(batch);
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1", "takeBack 0");
  }

  @Test
  void askedBackOnceSent_isAskedForNow_andTheFarSidesAnswerTakesItOff() throws Exception {
    Batch head = batch(1);
    Batch behind = batch(2);
    worker.offer(head, behind);
    worker.noMore();
    send();
    window.takeBack(behind);
    window.takeBack(behind);
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1", "batch 1 skipFrom 2", "takeBack 1");
    assertThat(window.givenBack(1)).isTrue();
    assertThat(window.givenBack(1)).as("given back once").isFalse();
    assertThat(worker.reports()).containsExactly("givenBack batch of 2");
    assertThat(window.head().batch()).isSameAs(head);
    assertThat(window.finished(window.head())).isNull();
    assertThat(window.awaitAllOutcomes()).isTrue();
  }

  @Test
  void theHeadGivenBack_letsTheNextBatchBegin() throws Exception {
    Batch head = batch(1);
    worker.offer(head, batch(2));
    worker.noMore();
    send();
    window.takeBack(head);
    assertThat(window.givenBack(0)).isTrue();
    assertThat(window.head().seq()).isEqualTo(1);
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1", "batch 1 skipFrom 2",
        "takeBack 0", "head 1");
  }

  @Test
  void aBatchTheFarSideBegan_isNotAskedBack_andCannotBeGivenBack() throws Exception {
    Batch head = batch(1);
    Batch behind = batch(2);
    worker.offer(head, behind);
    worker.noMore();
    send();
    window.began(window.head());
    window.takeBack(head);
    assertThat(transport.sent()).as("refused: no request").doesNotContain("takeBack 0");
    assertThat(window.givenBack(0)).isFalse();

    window.takeBack(behind);
    InFlightBatch<String> second = window.finished(window.head());
    window.began(second); // began before its give-back arrived: the far side broke the protocol
    assertThat(window.givenBack(1)).isFalse();
    assertThat(worker.reports()).isEmpty();
  }

  @Test
  void aBatchGivenBackThatWasNeverAskedFor_orNeverSent_isRefused() throws Exception {
    worker.offer(batch(1));
    worker.noMore();
    send();
    assertThat(window.givenBack(0)).as("never asked back").isFalse();
    assertThat(window.givenBack(7)).as("never sent").isFalse();
    assertThat(worker.reports()).isEmpty();
  }

  /**
   * The pool queues a batch given back at the front before the batch's room is freed: a sender that
   * found room first would take a later batch and hold it ahead of this one, behind the long task
   * that made the pool ask, where no idle worker is left to ask for it.
   */
  @Test
  void aBatchGivenBack_keepsItsRoomUntilThePoolHasQueuedItAgain() throws Exception {
    SendAheadWindow<String> oneAtATime = new SendAheadWindow<>(transport, Room.fixed(1));
    oneAtATime.attach(worker);
    Batch head = batch(1);
    worker.offer(head, batch(2));
    worker.noMore();
    CompletableFuture<SendAheadWindow.End> sender = CompletableFuture.supplyAsync(() -> runSender(oneAtATime));
    InFlightBatch<String> held = awaitHead(oneAtATime);
    oneAtATime.takeBack(head);
    List<Object> whileReported = new ArrayList<>();
    worker.onGivenBack = batch -> {
      whileReported.add(worker.takes);
      whileReported.add(oneAtATime.head());
      whileReported.add(oneAtATime.finished(held)); // the reporter sees its outcome: it stays
      whileReported.add(oneAtATime.givenBack(0)); // the far side's answer, heard twice
    };

    assertThat(oneAtATime.givenBack(0)).isTrue();

    assertThat(whileReported).as("takes, head, finished, givenBack again while the pool is told")
        .containsExactly(1, held, held, false);
    oneAtATime.finished(awaitHead(oneAtATime)); // the batch taken once there was room: it ran
    assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendAheadWindow.End.NO_MORE_WORK);
    assertThat(worker.reports()).containsExactly("givenBack batch of 1");
    assertThat(transport.sent()).containsExactly("head 0", "batch 0 skipFrom 1", "takeBack 0", "head 1",
        "batch 1 skipFrom 2");
  }

  /** The answer heard on two threads at once (a cluster's claim and its lane's outcome): reported once. */
  @RepeatedTest(50)
  void aGiveBackHeardTwiceAtOnce_isReportedOnce() throws Exception {
    Batch head = batch(1);
    worker.offer(head, batch(2));
    worker.noMore();
    send();
    window.takeBack(head);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
      awaitQuietly(go);
      return window.givenBack(0);
    });
    go.countDown();
    boolean here = window.givenBack(0);
    assertThat(here ^ other.get(10, TimeUnit.SECONDS)).as("exactly one of the two reports it").isTrue();
    assertThat(worker.reports()).containsExactly("givenBack batch of 1");
    assertThat(window.head().seq()).isEqualTo(1);
  }

  /** A take-back racing the sender: whichever point it reaches, the batch comes back exactly once. */
  @RepeatedTest(50)
  void aTakeBackRacingTheSender_givesTheBatchBackExactlyOnce() throws Exception {
    Batch batch = batch(1);
    CountDownLatch taken = new CountDownLatch(1);
    worker.onTake = each -> taken.countDown();
    worker.offer(batch);
    worker.noMore();
    CompletableFuture<SendAheadWindow.End> sender = CompletableFuture.supplyAsync(this::runSender);
    taken.await();
    window.takeBack(batch);
    sender.get(10, TimeUnit.SECONDS);
    List<String> sent = transport.sent();
    boolean notSent = worker.reports().contains("givenBack batch of 1");
    boolean askedAfterSending = sent.contains("takeBack 0");
    assertThat(notSent ^ askedAfterSending).as("given back before sending, or asked for after: " + sent).isTrue();
    if (askedAfterSending) {
      assertThat(window.givenBack(0)).isTrue();
    }
    assertThat(sent.stream().filter(line -> line.startsWith("takeBack"))).hasSizeLessThanOrEqualTo(1);
    assertThat(worker.reports()).containsExactly("givenBack batch of 1");
  }

  private void send() throws Exception {
    CompletableFuture.supplyAsync(this::runSender).get(10, TimeUnit.SECONDS);
  }

  private SendAheadWindow.End runSender() {
    return runSender(window);
  }

  private static SendAheadWindow.End runSender(SendAheadWindow<String> sending) {
    try {
      return sending.runSender(PoolConfig.UNLIMITED_TASKS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The head once it was sent: the window's head is added before it is sent. */
  private InFlightBatch<String> awaitHead(SendAheadWindow<String> sending) throws InterruptedException {
    InFlightBatch<String> head = sending.awaitHead();
    while (!transport.sent().contains("batch " + head.seq() + " skipFrom " + head.batch().size())) {
      Thread.onSpinWait(); // the sender is between adding and sending it, for a moment
    }
    return head;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
