package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.multipool.TaskFunction;
import org.multipool.spi.Batch;

/** Taking back a batch a worker JVM holds ahead (semantics 27), at each point of its way to the worker. */
class InFlightTakeBackTest {
  private final InFlight flight = new InFlight();

  @Test
  void askedBackBeforeItIsAdded_isNotSentAtAll() {
    Batch batch = batch(2);
    assertThat(flight.takeBack(batch)).as("nothing to send yet").isEqualTo(-1);
    assertThat(flight.add(new SentBatch(batch, 0))).isEqualTo(InFlight.Added.ASKED_BACK);
    assertThat(flight.head()).isNull();
  }

  @Test
  void askedBackWhileItsFrameIsWritten_isAskedForOnceTheFrameIsOut() {
    SentBatch sending = new SentBatch(batch(1), 0);
    assertThat(flight.add(sending)).isEqualTo(InFlight.Added.HEAD);
    assertThat(flight.takeBack(sending.batch)).as("the frame is not out yet").isEqualTo(-1);
    flight.sent(sending, sending.batch.size());
    assertThat(flight.takeBackAfterSending(sending)).isTrue();
    assertThat(flight.takeBackAfterSending(sending)).as("asked once").isFalse();
    assertThat(flight.takeBack(sending.batch)).as("asked once").isEqualTo(-1);
  }

  @Test
  void askedBackOnceSent_givesTheSeqToAskFor_andTheWorkersAnswerTakesItOff() {
    SentBatch head = sent(0);
    SentBatch behind = sent(1);
    assertThat(flight.takeBack(behind.batch)).isEqualTo(1);
    InFlight.GivenBack given = flight.givenBack(1);
    assertThat(given.held()).isSameAs(behind);
    assertThat(given.wasHead()).isFalse();
    assertThat(flight.head()).isSameAs(head);
    assertThat(flight.awaitRoom()).as("its place is free again").isTrue();
  }

  @Test
  void theHeadGivenBack_saysSo_soTheReaderMovesOn() {
    SentBatch head = sent(0);
    SentBatch behind = sent(1);
    flight.takeBack(head.batch);
    assertThat(flight.givenBack(0).wasHead()).isTrue();
    assertThat(flight.head()).isSameAs(behind);
  }

  @Test
  void aBatchGivenBackThatWasNeverAskedFor_orHadBegun_breaksTheProtocol() {
    SentBatch head = sent(0);
    assertThat(flight.givenBack(0)).as("never asked back").isNull();
    assertThat(flight.givenBack(7)).as("never sent").isNull();
    flight.takeBack(head.batch);
    head.next = 1; // the worker reported an outcome of it: it had begun
    assertThat(flight.givenBack(0)).isNull();
  }

  private SentBatch sent(int seq) {
    SentBatch sending = new SentBatch(batch(2), seq);
    flight.add(sending);
    flight.sent(sending, sending.batch.size());
    return sending;
  }

  private static Batch batch(int size) {
    return new Batch() {
      @Override
      public TaskFunction<Object, Object> function() {
        return x -> x;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public Object item(int index) {
        return index;
      }

      @Override
      public Object prepared() {
        return null;
      }
    };
  }
}
