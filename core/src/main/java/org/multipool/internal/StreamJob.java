package org.multipool.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.multipool.TaskFailedException;
import org.multipool.TaskFunction;
import org.multipool.spi.WorkerControl.Skip;

/**
 * One {@code imap} or {@code imapUnordered} call: the results as an iterator that reads the input
 * only as the consumer goes, keeping at most a few batches per worker in flight.
 *
 * <p>All reading of the input happens on the consumer's thread, so an exception the input throws
 * reaches the consumer as it is, after every result that came before it. Subclasses decide only in
 * which order finished batches are handed to the consumer.
 */
abstract class StreamJob extends Job implements Iterator<Object> {
  private final Iterator<?> input;
  private final long knownSize;
  private final int workers;
  private final int maxBatchesInFlight;

  final ReentrantLock lock = new ReentrantLock();
  final Condition progress = lock.newCondition();

  /** What an item has cost so far, a moving average over batches; -1 before the first. */
  private volatile long nanosPerItem = -1;

  /** Why the stream ended early: closed, cancelled by the pool, or the pool broke. */
  private volatile RuntimeException abortedWith;
  private volatile boolean closed;

  // Touched only by the consumer's thread.
  private long itemsRead;
  private int batchesInFlight;
  private boolean inputDone;
  private RuntimeException endOfInput;
  private WorkBatch current;
  private int position;

  StreamJob(CorePool pool, TaskFunction<?, ?> function, Iterator<?> input, long knownSize) {
    super(pool, function);
    this.input = input;
    this.knownSize = knownSize;
    this.workers = pool.workers();
    this.maxBatchesInFlight = (int) Math.min(
        Integer.MAX_VALUE, (long) Chunking.STREAM_BATCHES_PER_WORKER * workers);
  }

  /**
   * Starts an {@code imap} ({@code ordered}) or {@code imapUnordered} of {@code input} and returns
   * its results; closing the stream closes {@code source} too, if given.
   */
  @SuppressWarnings("unchecked")
  static <R> Stream<R> open(CorePool pool, TaskFunction<?, ?> fn, Iterator<?> input, long knownSize,
      boolean ordered, Stream<?> source) {
    StreamJob job = ordered
        ? new OrderedStreamJob(pool, fn, input, knownSize)
        : new UnorderedStreamJob(pool, fn, input, knownSize);
    job.start();
    int characteristics = ordered ? Spliterator.ORDERED : 0;
    Stream<R> results = (Stream<R>) StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(job, characteristics), false);
    results = results.onClose(job::close);
    return source == null ? results : results.onClose(source::close);
  }

  /** Remembers a batch just submitted, in input order. */
  abstract void submitted(WorkBatch batch);

  /** Blocks until a submitted batch may be handed to the consumer and returns it. */
  abstract WorkBatch awaitNext() throws InterruptedException;

  /** Starts the work, so the first results are under way before the consumer asks. */
  final void start() {
    fill();
  }

  @Override
  public final boolean hasNext() {
    if (closed) {
      return false;
    }
    throwIfAborted();
    if (current != null && position < current.size()) {
      return true;
    }
    current = null;
    fill();
    if (batchesInFlight == 0) {
      RuntimeException end = endOfInput;
      close();
      if (end != null) {
        throw end;
      }
      return false;
    }
    try {
      current = awaitNext();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new CancellationException("Interrupted while waiting for the next imap result");
    }
    throwIfAborted();
    if (closed) {
      return false;
    }
    batchesInFlight--;
    position = 0;
    fill(); // keep the workers busy while the consumer works through this batch
    return true;
  }

  @Override
  public final Object next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long index = current.base + position;
    Object result = current.result(position++);
    if (result instanceof Failure failure) {
      close();
      // TaskFailedException counts in int; past 2^31 items of an endless stream it saturates.
      throw new TaskFailedException((int) Math.min(index, Integer.MAX_VALUE), failure.cause());
    }
    return result;
  }

  /** Ends the stream: no more input is read, queued items never run, running ones are stopped. */
  final void close() {
    if (closed) {
      return;
    }
    closed = true;
    skipAll();
    pool.registry().stopRunning(this);
    pool.registry().skipHeld(this, Skip.CANCELLED_STOP_BEGUN);
    wakeConsumer();
  }

  @Override
  final void abort(boolean broken) {
    abortedWith = broken
        ? pool.lifecycle().brokenException()
        : new CancellationException("The pool was terminated while an imap stream was open");
    skipAll();
    wakeConsumer();
  }

  /** Updates the cost of an item from a batch that just finished; racy updates only lose a sample. */
  final void measured(WorkBatch batch) {
    long takenAt = batch.takenAt();
    if (takenAt == 0) {
      return; // it was split between workers, so no one clock timed all of it
    }
    long perItem = Math.max(1, (System.nanoTime() - takenAt) / batch.size());
    long previous = nanosPerItem;
    nanosPerItem = previous < 0 ? perItem : (3 * previous + perItem) / 4;
  }

  /** True once the consumer should stop waiting: the stream was closed or aborted. */
  final boolean ended() {
    return closed || abortedWith != null;
  }

  final void wakeConsumer() {
    lock.lock();
    try {
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void throwIfAborted() {
    RuntimeException aborted = abortedWith;
    if (aborted != null) {
      close();
      throw aborted;
    }
  }

  /** Reads and submits input until the window is full or the input ends. */
  private void fill() {
    while (!inputDone && batchesInFlight < maxBatchesInFlight) {
      int chunk = Chunking.forStream(knownSize, nanosPerItem, workers, pool.batchTripNanos());
      Object[] items = new Object[chunk];
      int count = 0;
      try {
        while (count < chunk && input.hasNext()) {
          // Read first, count after: an input whose next() throws must not leave a slot behind.
          Object item = input.next();
          items[count++] = item;
        }
        inputDone = count < chunk;
      } catch (RuntimeException e) { // the input's own failure, thrown once the results before it are out
        inputDone = true;
        endOfInput = e;
      }
      if (count == 0) {
        return;
      }
      if (count < chunk) {
        items = Arrays.copyOf(items, count);
      }
      WorkBatch batch = new WorkBatch(this, itemsRead, Arrays.asList(items), new Object[count], 0);
      try {
        pool.enqueue(batch);
      } catch (RuntimeException e) { // rejected, broken, or an item that cannot be sent to a worker
        inputDone = true;
        endOfInput = e;
        return;
      }
      itemsRead += count;
      batchesInFlight++;
      submitted(batch);
    }
  }
}
