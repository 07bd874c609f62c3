package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkingTest {

  @ParameterizedTest(name = "{0} items on {1} workers: chunks of {2}")
  @CsvSource({
      "1000000, 2, 125000",
      "1001, 2, 126", // rounded up, as divmod + 1 does
      "3, 4, 1",
      "0, 4, 1",
      "10, 2147483647, 1", // no overflow for huge worker counts
  })
  void knownSize_followsPythonsRuleOfFourChunksPerWorker(int items, int workers, int chunk) {
    assertThat(Chunking.forKnownSize(items, workers)).isEqualTo(chunk);
  }

  @Test
  void stream_startsWithSingleItemsUntilItemsAreTimed() {
    assertThat(Chunking.forStream(-1, -1, 2, 0)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} ns an item: chunks of {1}")
  @CsvSource({
      "10000, 100", // 10 us an item
      "5000000, 1", // slow items go one by one
  })
  void stream_fitsAboutAMillisecondOfItemsInABatch(long nanosPerItem, int chunk) {
    assertThat(Chunking.forStream(-1, nanosPerItem, 2, 0)).isEqualTo(chunk);
  }

  @Test
  void stream_ofTinyItems_isCappedAtTheLargestStreamChunk() {
    assertThat(Chunking.forStream(-1, 1, 2, 0)).isEqualTo(Chunking.MAX_STREAM_CHUNK);
  }

  @Test
  void stream_whereTheTripCostsMoreThanTheItems_growsTheChunkUntilTheItemsFillIt() {
    long trip = 2_000_000; // a cluster's round trip, with tiny items
    int chunk = Chunking.forStream(-1, trip + 100, 2, trip); // one item took the trip and 100 ns
    assertThat(chunk).as("grows past single items").isGreaterThan(1);
    for (int round = 0; round < 30; round++) {
      long perItem = (trip + 100L * chunk) / chunk;
      chunk = Chunking.forStream(-1, perItem, 2, trip);
    }
    assertThat(chunk).as("without a trip to share, the same costs would stay at one item")
        .isEqualTo(Chunking.MAX_STREAM_CHUNK);
    assertThat(Chunking.forStream(-1, trip + 100, 2, 0)).isEqualTo(1);
  }

  @Test
  void stream_ofSlowItems_staysAtOneItemWhateverTheTrip() {
    assertThat(Chunking.forStream(-1, 2_000_000 + 5_000_000, 2, 2_000_000)).isEqualTo(1);
  }

  @Test
  void stream_ofKnownSize_neverExceedsTheMapChunk() {
    assertThat(Chunking.forStream(40, 1, 2, 0)).isEqualTo(5);
  }
}
