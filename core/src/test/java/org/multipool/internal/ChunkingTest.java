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
    assertThat(Chunking.forStream(-1, -1, 2)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} ns an item: chunks of {1}")
  @CsvSource({
      "10000, 100", // 10 us an item
      "5000000, 1", // slow items go one by one
  })
  void stream_fitsAboutAMillisecondOfItemsInABatch(long nanosPerItem, int chunk) {
    assertThat(Chunking.forStream(-1, nanosPerItem, 2)).isEqualTo(chunk);
  }

  @Test
  void stream_ofTinyItems_isCappedAtTheLargestStreamChunk() {
    assertThat(Chunking.forStream(-1, 1, 2)).isEqualTo(Chunking.MAX_STREAM_CHUNK);
  }

  @Test
  void stream_ofKnownSize_neverExceedsTheMapChunk() {
    assertThat(Chunking.forStream(40, 1, 2)).isEqualTo(5);
  }
}
