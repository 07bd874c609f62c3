package org.multipool.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.multipool.TaskFunction;

/** {@code imap}: batches reach the consumer in input order. */
final class OrderedStreamJob extends StreamJob {
  private final ArrayDeque<WorkBatch> inOrder = new ArrayDeque<>(); // consumer thread only

  OrderedStreamJob(CorePool pool, TaskFunction<?, ?> function, Iterator<?> input, long knownSize) {
    super(pool, function, input, knownSize);
  }

  @Override
  void submitted(WorkBatch batch) {
    inOrder.addLast(batch);
  }

  @Override
  WorkBatch awaitNext() throws InterruptedException {
    WorkBatch head = inOrder.peekFirst();
    lock.lock();
    try {
      while (!head.finished() && !ended()) {
        progress.await();
      }
    } finally {
      lock.unlock();
    }
    return inOrder.pollFirst();
  }

  @Override
  void batchFinished(WorkBatch batch) {
    measured(batch);
    wakeConsumer();
  }
}
