package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
}
