package org.multipool.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.multipool.spi.remote.RemoteKitFakes.batch;

import java.io.IOException;
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
    try {
      return window.runSender(PoolConfig.UNLIMITED_TASKS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
