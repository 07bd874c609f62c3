package org.multipool.internal;

/** How many items go to a worker at once when the caller does not say. */
final class Chunking {
  /**
   * The largest automatic chunk of a stream: it bounds the read-ahead of {@code imap}, which holds
   * at most {@link #BATCHES_AHEAD_PER_WORKER} chunks per worker.
   */
  static final int MAX_STREAM_CHUNK = 256;

  static final int BATCHES_AHEAD_PER_WORKER = 2;

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
   * The next chunk of a stream: of a known size, as {@link #forKnownSize}; of an unknown size, the
   * same rule applied to what has been read so far, so a short stream starts with single items and
   * a long one grows to chunks that amortize the hand-over. Capped by {@link #MAX_STREAM_CHUNK}.
   */
  static int forStream(long knownSize, long itemsRead, int workers) {
    long basis = knownSize >= 0 ? knownSize : itemsRead;
    return Math.min(forKnownSize(basis, workers), MAX_STREAM_CHUNK);
  }
}
