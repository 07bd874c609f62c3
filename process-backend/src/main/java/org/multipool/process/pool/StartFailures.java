package org.multipool.process.pool;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts workers that were killed from outside before they were ready, in a row. One such death
 * is bad luck, and a replacement starts; {@value #IN_A_ROW} in a row, with no worker ready in
 * between, mean no worker will start, and the pool is broken rather than starting JVMs forever.
 */
final class StartFailures {
  static final int IN_A_ROW = 3;

  private final AtomicInteger inARow = new AtomicInteger();

  /** One more worker died before it was ready: whether to start another. */
  boolean mayRetry() {
    return inARow.incrementAndGet() < IN_A_ROW;
  }

  /** A worker got ready. */
  void reset() {
    inARow.set(0);
  }
}
