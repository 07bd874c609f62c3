package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multipool.spi.ReservableQueue;
import org.multipool.spi.SharedObjects;

/** The in-memory queue's places set aside for remote producers (ReservableQueue). */
class LocalQueueTest {
  private final SharedObjects objects = SharedObjects.inMemory("test");

  @SuppressWarnings("unchecked")
  private ReservableQueue<String> queue(int capacity) {
    return (ReservableQueue<String>) objects.<String>newQueue(capacity);
  }

  @Test
  void placesSetAside_countAsTaken_andNeverExceedTheCapacity() {
    ReservableQueue<String> queue = queue(4);
    assertThat(queue.offer("a")).isTrue();
    assertThat(queue.reserve(10)).as("only the free places").isEqualTo(3);
    assertThat(queue.offer("b")).as("the queue is full, counting the places set aside").isFalse();
    assertThat(queue.reserve(1)).isZero();
    queue.putReserved("c");
    queue.putReserved("d");
    assertThat(queue.size()).isEqualTo(3);
    queue.release(1);
    assertThat(queue.offer("e")).isTrue();
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("c");
  }

  @Test
  void anItemWithoutAPlaceSetAside_isRefused() {
    ReservableQueue<String> queue = queue(2);
    assertThatThrownBy(() -> queue.putReserved("x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No place");
    assertThat(queue.size()).isZero();
  }

  @Test
  void releasingPlaces_wakesAPutThatWaitsForRoom() throws Exception {
    ReservableQueue<String> queue = queue(1);
    assertThat(queue.reserve(1)).isEqualTo(1);
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.offer("late", Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    queue.release(1);
    assertThat(waiting).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
    assertThat(queue.poll()).isEqualTo("late");
  }

  @Test
  void aClosedQueue_setsNothingAside_andDropsWhatArrivesOnOldPlaces() {
    ReservableQueue<String> queue = queue(2);
    assertThat(queue.reserve(1)).isEqualTo(1);
    objects.close();
    assertThat(queue.reserve(1)).isZero();
    queue.putReserved("dropped"); // the pool has ended: the item goes with the queue's others
    assertThatThrownBy(queue::size).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anEnormousTimeout_waitsForEver_withoutOverflowingADeadline() throws Exception {
    ReservableQueue<String> queue = queue(1);
    queue.put("there");
    assertThat(queue.poll(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("there");
    assertThat(queue.offer("again", Duration.ofDays(365 * 200))).isTrue();
  }

  /**
   * A put interrupted while it waits for room never lands, even when room comes at the same
   * moment: a condition's wait returns normally when the signal wins, and a stopped task's put
   * would then land after its stop. Each round interrupts the waiting put and frees room at once;
   * the round's outcome is whichever the thread sees first, so many rounds make the race likely.
   */
  @Test
  void aPutInterruptedWhileRoomComes_neverLands_andLeavesTheRoomToTheNextPut() throws Exception {
    for (int round = 0; round < 300; round++) {
      ReservableQueue<String> queue = queue(1);
      queue.put("full");
      CompletableFuture<String> put = new CompletableFuture<>();
      Thread putter = new Thread(() -> {
        try {
          queue.put("late");
          put.complete("landed");
        } catch (InterruptedException e) {
          put.complete("interrupted");
        }
      }, "putter-" + round);
      putter.start();
      awaitWaiting(putter);
      putter.interrupt();
      assertThat(queue.poll()).isEqualTo("full");
      String outcome = put.get(30, TimeUnit.SECONDS);
      assertThat(outcome).as("round %d: an interrupted put", round).isEqualTo("interrupted");
      assertThat(queue.size()).as("round %d: nothing landed", round).isZero();
      assertThat(queue.offer("next")).as("round %d: the room is free", round).isTrue();
    }
  }

  @Test
  void aTakeInterruptedWhileAnItemComes_takesNothing() throws Exception {
    for (int round = 0; round < 300; round++) {
      ReservableQueue<String> queue = queue(1);
      CompletableFuture<String> take = new CompletableFuture<>();
      Thread taker = new Thread(() -> {
        try {
          take.complete("took " + queue.take());
        } catch (InterruptedException e) {
          take.complete("interrupted");
        }
      }, "taker-" + round);
      taker.start();
      awaitWaiting(taker);
      taker.interrupt();
      queue.put("item");
      assertThat(take.get(30, TimeUnit.SECONDS)).as("round %d", round).isEqualTo("interrupted");
      assertThat(queue.poll()).as("round %d: the item is still there", round).isEqualTo("item");
    }
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.WAITING) {
      Thread.sleep(0, 100_000); // polls a thread's state: nothing to wait on
    }
  }
}
