package org.multipool.spi.remote;

import java.io.IOException;
import org.multipool.spi.Batch;
import org.multipool.spi.WorkerControl.Skip;

/**
 * How a remote backend reaches one worker: what a {@link SendAheadWindow} needs sent, and how. The
 * window decides what is sent and when; the transport only sends it. The window calls every
 * method with none of its locks held.
 *
 * <pre>{@code
 * final class ChannelTransport implements WindowTransport<byte[]> {
 *   public byte[] prepare(Batch batch) { return codec.encode(batch); }
 *   public void send(InFlightBatch<byte[]> b, int skipFrom) throws IOException {
 *     channel.write(new BatchFrame(b.seq(), skipFrom, b.local()));
 *   }
 *   public void sendSkip(InFlightBatch<byte[]> b, int from, boolean stop, Skip why) {
 *     skips.queue(new SkipFrame(b.seq(), from, stop));
 *   }
 *   public void sendTakeBack(InFlightBatch<byte[]> b) { skips.queue(new TakeBackFrame(b.seq())); }
 * }
 * }</pre>
 *
 * @param <T> what the transport makes of a batch before it is sent
 * @since 0.1.0
 */
public interface WindowTransport<T> {

  /**
   * Makes a batch ready to send, on the sender's thread, before it takes a sequence number.
   *
   * @param batch a batch the worker took
   * @return what {@link InFlightBatch#local()} returns for it
   * @throws RuntimeException if the batch cannot be sent: the window fails its items here, in
   *     order, once the worker has reported everything sent before it, with this exception
   */
  T prepare(Batch batch);

  /**
   * Sends a batch, on the sender's thread. The far side must leave out its items from
   * {@code skipFrom} on.
   *
   * @param sending the batch, its sequence number and what {@link #prepare} made of it
   * @param skipFrom the first item not to run; the batch's size if none
   * @throws IOException if the worker cannot be reached: the sender ends with it
   */
  void send(InFlightBatch<T> sending, int skipFrom) throws IOException;

  /**
   * Tells the far side to leave out the items of a batch it was sent, from {@code from} on. Must
   * not wait for long, and must keep the calling thread's interrupt status; the thread may be a
   * caller's, which may be interrupted.
   *
   * @param held the batch
   * @param from the first item to leave out
   * @param stopIfRunning whether the far side must stop the item it runs, if it is one of them
   * @param why why the pool skips them; {@code null} when the skip came while the batch was being
   *     sent and now follows it, on the sender's thread, which must not wait
   */
  void sendSkip(InFlightBatch<T> held, int from, boolean stopIfRunning, Skip why);

  /**
   * Asks the far side to give back a batch it has not begun. Must not wait for the answer; when
   * the far side gives the batch back, feed that to {@link SendAheadWindow#givenBack}. Called at
   * most once per batch.
   *
   * @param held the batch
   */
  void sendTakeBack(InFlightBatch<T> held);

  /**
   * The worker was lost: makes sure the far side never begins a batch the window does not know
   * begun. By default true: a worker that is gone begins nothing.
   *
   * @param held a batch the worker held when it was lost
   * @return true if it never began there and never will (the pool runs it elsewhere); false if it
   *     began, or that cannot be told (its items fail)
   */
  default boolean claimUntouched(InFlightBatch<T> held) {
    return true;
  }

  /**
   * A batch became the head: the far side begins it as soon as it has it. A backend that reports
   * starts from here ({@link org.multipool.spi.RemoteWorker#started}) does so now; called on whichever
   * thread moved the head, before the batch is sent if it is first in line.
   *
   * @param head the batch now at the head
   */
  default void headBegins(InFlightBatch<T> head) {}
}
