package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.multipool.SharedQueue;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.JavaSerialization;
import org.multipool.process.wire.ProtocolException;
import org.multipool.process.wire.SocketPair;
import org.multipool.spi.ReservableQueue;

/**
 * The credit one worker holds in the pool's queues (given, used, given back, released at its end),
 * and the calls of a worker the pool stopped.
 */
class WorkerCallsTest {
  private final SocketPair sockets = SocketPair.open();
  private final ProcessSharedObjects objects =
      new ProcessSharedObjects("test", 2, JavaSerialization.INSTANCE, getClass().getClassLoader());
  private final WorkerCalls worker = new WorkerCalls(new FrameChannel(sockets.poolSide()), objects);

  @AfterEach
  void close() {
    objects.close();
    sockets.close();
  }

  /** The in-memory queue behind a caller's handle, as the server finds it. */
  @SuppressWarnings("unchecked")
  private ReservableQueue<byte[]> served(SharedQueue<?> handle) {
    return (ReservableQueue<byte[]>) objects.served(idOf(handle));
  }

  private static String idOf(SharedQueue<?> handle) {
    return ((CallerQueue<?>) handle).id();
  }

  @Test
  void credit_isAQuarterOfTheCapacityForTwoWorkers_andGivenOnlyWhenNoneIsHeld() {
    SharedQueue<String> handle = objects.newQueue(40);
    ReservableQueue<byte[]> queue = served(handle);
    String id = idOf(handle);

    assertThat(worker.grant(id, queue)).as("capacity / (2 x workers)").isEqualTo(10);
    assertThat(worker.grant(id, queue)).as("none while it still holds some").isZero();
    assertThat(handle.size()).isZero();
    for (int i = 0; i < 30; i++) {
      assertThat(handle.offer("x")).isTrue();
    }
    assertThat(handle.offer("x")).as("the places set aside count as taken").isFalse();
  }

  @Test
  void anItemPutOnCreditItDoesNotHave_breaksTheProtocol() throws ProtocolException {
    SharedQueue<String> handle = objects.newQueue(40);
    String id = idOf(handle);
    assertThatThrownBy(() -> worker.useCredit(id)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("credit it does not have");
    worker.grant(id, served(handle));
    for (int i = 0; i < 10; i++) {
      worker.useCredit(id);
    }
    assertThatThrownBy(() -> worker.useCredit(id)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void creditGivenBack_orHeldByAWorkerThatEnded_isReleased() {
    SharedQueue<String> handle = objects.newQueue(40);
    ReservableQueue<byte[]> queue = served(handle);
    String id = idOf(handle);
    worker.grant(id, queue);

    assertThat(worker.returned(id, 4)).isEqualTo(4);
    assertThat(worker.returned(id, 100)).as("no more than it held").isEqualTo(6);
    queue.release(10);
    assertThat(worker.grant(id, queue)).isEqualTo(10);

    worker.endAll();
    for (int i = 0; i < 40; i++) {
      assertThat(handle.offer("x")).as("place %d is free again", i).isTrue();
    }
  }

  @Test
  void callsThatArriveAfterTheWorkerWasStopped_neverRun() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    WorkerCalls.Call call = () -> {
      ran.incrementAndGet();
      return new byte[0];
    };
    assertThat(worker.runNow(call)).as("a call that does not wait, before the stop").isNotNull();

    worker.stopAll(); // a task timed out: its put must not land after the timeout is reported
    assertThat(worker.runNow(call)).as("a call that does not wait, after the stop").isNull();
    worker.waiting(7).run(call, failure -> new byte[0]);
    assertThat(ran).as("only the call before the stop ran").hasValue(1);
  }
}
