package org.multipool.spi.remote;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Where an {@link OrderedBatchRunner} reports what became of each batch and item: the backend's
 * side of the runner. A worker JVM writes outcome frames; a cluster member fills the outcome it
 * sends back for the batch.
 *
 * <p>Every method is called on the runner's thread, in order: for a batch,
 * {@link #givenBack}, or {@link #started}, then one outcome per item in item order
 * ({@link #succeeded}, {@link #failed}, {@link #timedOut} or {@link #skipped}), then
 * {@link #ended}. Outcomes are reported after the item's interrupt window closed, so a sink may
 * write to a socket that an interrupt would close.
 *
 * <pre>{@code
 * class Frames implements BatchSink<MyBatch> {
 *   public void succeeded(MyBatch batch, int index, Object result) throws IOException {
 *     writer.succeeded(batch.wireSeq, index, result);
 *   }
 *   ...
 * }
 * }</pre>
 *
 * @param <B> the backend's batches
 */
public interface BatchSink<B extends RemoteBatch> {
  /**
   * The batch's turn came, it is open (decoded, {@link RemoteBatch#open}), and its first item
   * begins now; its items' outcomes follow.
   *
   * @param batch the batch
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  default void started(B batch) throws IOException {}

  /**
   * Item {@code index} returned {@code result}.
   *
   * @param batch the batch
   * @param index the item's position in its batch
   * @param result what it returned
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  void succeeded(B batch, int index, Object result) throws IOException;

  /**
   * Item {@code index} threw {@code failure}, or could not run at all ({@link RemoteBatch#open}).
   * The runner skips the batch's items after one that threw: see {@link OrderedBatchRunner}.
   *
   * @param batch the batch
   * @param index the item's position in its batch
   * @param failure what it threw, or why it could not run
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  void failed(B batch, int index, Throwable failure) throws IOException;

  /**
   * Item {@code index} ran longer than its batch's timeout and was interrupted; whatever it did
   * then is not its outcome. By default, a failure with a {@link TimeoutException}.
   *
   * @param batch the batch
   * @param index the item's position in its batch
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  default void timedOut(B batch, int index) throws IOException {
    failed(batch, index, new TimeoutException("Item " + index + " of batch " + batch.seq()
        + " ran longer than its timeout of " + batch.timeoutNanos() + " ns"));
  }

  /**
   * Item {@code index} did not run, or a cancel or the end of the pool stopped it.
   *
   * @param batch the batch
   * @param index the item's position in its batch
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  void skipped(B batch, int index) throws IOException;

  /**
   * Every item of the batch is reported.
   *
   * @param batch the batch
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  void ended(B batch) throws IOException;

  /**
   * The batch did not begin and never will here: it was taken back, or it runs elsewhere.
   *
   * @param batch the batch
   * @throws IOException if the outcome cannot be sent; the runner then ends
   */
  void givenBack(B batch) throws IOException;

  /**
   * The runner ended without finishing the batch: it was abandoned, its far side was killed, or
   * it was closed while the batch waited for one that never came, or the sink threw. Called on
   * the runner's thread as {@link OrderedBatchRunner#run} ends.
   *
   * @param batch the batch
   */
  default void dropped(B batch) {}
}
