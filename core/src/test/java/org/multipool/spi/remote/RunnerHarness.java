package org.multipool.spi.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An {@link OrderedBatchRunner} on a thread of its own, with a sink that writes down what it hears. */
final class RunnerHarness implements BatchSink<RunnerHarness.TestBatch>, AutoCloseable {
  /** What an item does. */
  @FunctionalInterface
  interface Body {
    Object call(int index) throws Exception;
  }

  /** A batch whose items run {@code body}. */
  static class TestBatch extends RemoteBatch {
    private final Body body;
    private final boolean claims;

    TestBatch(long seq, int size, long timeoutNanos, Body body) {
      this(seq, size, timeoutNanos, true, body);
    }

    TestBatch(long seq, int size, long timeoutNanos, boolean claims, Body body) {
      super(seq, size, size, timeoutNanos);
      this.body = body;
      this.claims = claims;
    }

    @Override
    protected boolean claim() {
      return claims;
    }

    @Override
    protected Object call(int index) throws Exception {
      return body.call(index);
    }
  }

  final StopTimer timer = new StopTimer("runner-test-timer");
  final OrderedBatchRunner<TestBatch> runner;
  final CompletableFuture<Boolean> ended = new CompletableFuture<>();
  private final List<String> events = new ArrayList<>();
  private final Thread thread;

  RunnerHarness(Stopping stopping) {
    runner = new OrderedBatchRunner<>(this, timer, stopping);
    thread = new Thread(() -> {
      try {
        ended.complete(runner.run());
      } catch (Throwable t) {
        ended.completeExceptionally(t);
      }
    }, "runner-test");
    thread.setDaemon(true);
    thread.start();
  }

  RunnerHarness() {
    this(Stopping.interruptOnly());
  }

  /** What the sink heard so far, e.g. {@code "0/1 ok x"}, {@code "2 givenBack"}. */
  synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  /** Waits until the sink heard {@code event}; false after 10 s. */
  synchronized boolean await(String event) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!events.contains(event)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void add(String event) {
    events.add(event);
    notifyAll();
  }

  @Override
  public void started(TestBatch batch) {
    add(batch.seq() + " started");
  }

  @Override
  public void succeeded(TestBatch batch, int index, Object result) {
    add(batch.seq() + "/" + index + " ok " + result);
  }

  @Override
  public void failed(TestBatch batch, int index, Throwable failure) {
    add(batch.seq() + "/" + index + " failed " + failure.getMessage());
  }

  @Override
  public void timedOut(TestBatch batch, int index) {
    add(batch.seq() + "/" + index + " timedOut");
  }

  @Override
  public void skipped(TestBatch batch, int index) {
    add(batch.seq() + "/" + index + " skipped");
  }

  @Override
  public void ended(TestBatch batch) {
    add(batch.seq() + " ended");
  }

  @Override
  public void givenBack(TestBatch batch) {
    add(batch.seq() + " givenBack");
  }

  @Override
  public void dropped(TestBatch batch) {
    add(batch.seq() + " dropped");
  }

  /** Closes the runner and returns what {@link OrderedBatchRunner#run} returned. */
  boolean closeAndJoin() throws Exception {
    runner.close();
    return ended.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    runner.abandon();
    timer.close();
  }
}
