package org.multipool.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.multipool.TaskFunction;

/** {@code imapUnordered}: batches reach the consumer as they finish. */
final class UnorderedStreamJob extends StreamJob {
  @GuardedBy("lock")
  private final ArrayDeque<WorkBatch> finished = new ArrayDeque<>();

  UnorderedStreamJob(CorePool pool, TaskFunction<?, ?> function, Iterator<?> input, long knownSize) {
    super(pool, function, input, knownSize);
  }

  @Override
  void submitted(WorkBatch batch) {}

  @Override
  WorkBatch awaitNext() throws InterruptedException {
    lock.lock();
    try {
      while (finished.isEmpty() && !ended()) {
        progress.await();
      }
      return finished.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  void batchFinished(WorkBatch batch) {
    measured(batch);
    lock.lock();
    try {
      finished.addLast(batch);
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
