package org.multipool.spi.remote;

import java.time.Duration;

/**
 * How many batches a {@link SendAheadWindow} keeps in flight to one worker: enough that the worker
 * never waits for its next batch, few enough that a long task does not hold many behind it.
 *
 * <pre>{@code
 * Room room = Room.fixed(2);                               // one runs, one is on its way
 * Room quick = Room.quickBurst(2, 16, Duration.ofNanos(200_000));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Room {
  private final int usual;
  private final int quick;
  private final long quickNanos;

  private Room(int usual, int quick, long quickNanos) {
    if (usual < 1 || quick < usual) {
      throw new IllegalArgumentException("room must be at least 1 batch, and the quick room at least as"
          + " large, but was " + usual + " and " + quick);
    }
    this.usual = usual;
    this.quick = quick;
    this.quickNanos = quickNanos;
  }

  /**
   * Room for the same number of batches at all times.
   *
   * @param batches the most batches in flight, at least 1
   * @return the room
   * @throws IllegalArgumentException if {@code batches < 1}
   */
  public static Room fixed(int batches) {
    return new Room(batches, batches, 0);
  }

  /**
   * Room for {@code usual} batches, and for {@code quick} while batches run quicker than
   * {@code quickBatch}: then a round trip takes longer than a batch, and a few in flight leave the
   * worker idle most of the time. A head batch that runs longer ends the quick spell at once.
   *
   * @param usual the most batches in flight, at least 1
   * @param quick the most batches in flight while batches are quick, at least {@code usual}
   * @param quickBatch a batch that ran for less than this is quick
   * @return the room
   * @throws IllegalArgumentException if {@code usual < 1} or {@code quick < usual}
   */
  public static Room quickBurst(int usual, int quick, Duration quickBatch) {
    return new Room(usual, quick, quickBatch.toNanos());
  }

  /**
   * The room now.
   *
   * @param headSince when the head batch became the head ({@link System#nanoTime}), 0 for none
   * @param lastBatchNanos how long the last batch to finish took as the head
   * @param now {@link System#nanoTime} now
   */
  int batches(long headSince, long lastBatchNanos, long now) {
    boolean quickSpell = lastBatchNanos < quickNanos && (headSince == 0 || now - headSince < quickNanos);
    return quickSpell ? quick : usual;
  }

  /** The most batches this room ever allows. */
  int most() {
    return quick;
  }
}
