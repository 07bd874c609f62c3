package org.multipool.spi.remote;

import org.multipool.spi.Batch;

/**
 * A batch a {@link SendAheadWindow} sends, or is about to send, to a remote worker: the batch, the
 * sequence number the window gave it and what the backend's transport made of it.
 *
 * <p>The window keeps the rest (where its skipped items begin, whether it was sent, asked back,
 * begun) under its own lock; a backend reads that state only through the window.
 *
 * <pre>{@code
 * void send(InFlightBatch<byte[]> sending, int skipFrom) {
 *   channel.write(new BatchFrame(sending.seq(), skipFrom, sending.local()));
 * }
 * }</pre>
 *
 * @param <T> what the backend's {@link WindowTransport#prepare} made of the batch
 * @since 0.1.0
 */
public final class InFlightBatch<T> {
  private final Batch batch;
  private final int seq;
  private final T local;

  // Guarded by the window's lock.
  /** Items from here on must not run. */
  int skipFrom;
  /** A {@code cancel(true)} skipped items of it: the worker stops the one of them it runs. */
  boolean stopIfRunning;
  /** The transport has sent it. */
  boolean sent;
  /** The lowest skip position the worker has received. */
  int answeredFrom = Integer.MAX_VALUE;
  /** The far side began it: it can no longer be given back. */
  boolean begun;
  /** The pool asked for it back; the request goes out once the batch has. */
  boolean takeBackAsked;
  /** The take-back request is on its way: the far side may now give the batch back. */
  boolean takeBackSent;
  /** The far side gave it back and the pool is being told: only that give-back takes it off. */
  boolean givingBack;
  /** Every item has its outcome, or it was given back. */
  boolean done;
  /** When it became the head; 0 until then. */
  long headSince;

  InFlightBatch(Batch batch, int seq, T local) {
    this.batch = batch;
    this.seq = seq;
    this.local = local;
    this.skipFrom = batch.size();
  }

  /**
   * Returns the batch.
   *
   * @return the batch the pool handed over
   */
  public Batch batch() {
    return batch;
  }

  /**
   * Returns the batch's sequence number: the window numbers the batches it sends from 0, in
   * sending order; a batch asked back before it was sent takes no number.
   *
   * @return the sequence number
   */
  public int seq() {
    return seq;
  }

  /**
   * Returns what the transport made of the batch before it was sent.
   *
   * @return the value {@link WindowTransport#prepare} returned
   */
  public T local() {
    return local;
  }

  @Override
  public String toString() {
    return "InFlightBatch[seq " + seq + ", " + batch.size() + " items]";
  }
}
