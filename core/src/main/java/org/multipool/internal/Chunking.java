package org.multipool.internal;

/** How many items go to a worker at once when the caller does not say. */
final class Chunking {
  /** The largest automatic chunk of a stream; it bounds the read-ahead of {@code imap}. */
  static final int MAX_STREAM_CHUNK = 1024;

  /** How many batches of one stream may be in flight per worker: one running, one waiting. */
  static final int STREAM_BATCHES_PER_WORKER = 2;

  /**
   * How long a stream's batch should take to run: long enough that handing it over costs little
   * next to it, short enough that results flow steadily.
   */
  static final long STREAM_BATCH_NANOS = 1_000_000;

  private Chunking() {}

  /**
   * Python's rule for {@code Pool.map}: about four chunks per worker, so the work is spread evenly
   * while every chunk is large enough to make the hand-over cheap.
   */
  static int forKnownSize(long items, int workers) {
    long perRound = 4L * workers;
    long chunk = (items + perRound - 1) / perRound;
    return (int) Math.max(1, Math.min(chunk, Integer.MAX_VALUE));
  }

  /**
   * The next chunk of a stream, from what its items have cost so far: single items until the first
   * batch is measured (so slow tasks stream one by one, as in Python's {@code imap}), then as many
   * items as fit in {@link #STREAM_BATCH_NANOS} plus the trip of a batch to its worker and back.
   * The measured cost of an item includes its share of that trip, so where the trip costs more than
   * the items, the chunk still grows, as the trip is shared by more items, until the items fill
   * their millisecond. Never more than {@link #forKnownSize} for a known size, nor more than
   * {@link #MAX_STREAM_CHUNK}.
   *
   * @param knownSize the stream's size, or -1
   * @param nanosPerItem the measured cost of an item, trip included, or -1 if nothing was measured yet
   * @param tripNanos what a batch's trip to its worker and back costs, see
   *     {@link org.multipool.spi.WorkerGroup#batchTripNanos()}
   */
  static int forStream(long knownSize, long nanosPerItem, int workers, long tripNanos) {
    long target = STREAM_BATCH_NANOS + Math.max(0, Math.min(tripNanos, Long.MAX_VALUE / 2));
    long perItem = Math.max(1, nanosPerItem);
    // Rounded up: where one item and its trip fill less than the target, the next chunk has two,
    // which is how a chunk that shares a long trip starts to grow.
    long chunk = nanosPerItem < 0 ? 1 : (target + perItem - 1) / perItem;
    chunk = Math.max(1, Math.min(chunk, MAX_STREAM_CHUNK));
    if (knownSize >= 0) {
      chunk = Math.min(chunk, forKnownSize(knownSize, workers));
    }
    return (int) chunk;
  }
}
