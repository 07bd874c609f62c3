package org.multipool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkingTest {

  @Test
  void knownSize_followsPythonsRuleOfFourChunksPerWorker() {
    assertThat(Chunking.forKnownSize(1_000_000, 2)).isEqualTo(125_000);
    assertThat(Chunking.forKnownSize(1_001, 2)).isEqualTo(126); // rounded up, as divmod + 1 does
    assertThat(Chunking.forKnownSize(3, 4)).isEqualTo(1);
    assertThat(Chunking.forKnownSize(0, 4)).isEqualTo(1);
  }

  @Test
  void knownSize_doesNotOverflowForHugeWorkerCounts() {
    assertThat(Chunking.forKnownSize(10, Integer.MAX_VALUE)).isEqualTo(1);
  }

  @Test
  void stream_startsWithSingleItemsUntilItemsAreTimed() {
    assertThat(Chunking.forStream(-1, -1, 2)).isEqualTo(1);
  }

  @Test
  void stream_fitsAboutAMillisecondOfItemsInABatch() {
    assertThat(Chunking.forStream(-1, 10_000, 2)).isEqualTo(100); // 10 us an item
    assertThat(Chunking.forStream(-1, 5_000_000, 2)).isEqualTo(1); // slow items go one by one
    assertThat(Chunking.forStream(-1, 1, 2)).isEqualTo(Chunking.MAX_STREAM_CHUNK);
  }

  @Test
  void stream_ofKnownSize_neverExceedsTheMapChunk() {
    assertThat(Chunking.forStream(40, 1, 2)).isEqualTo(5);
  }
}
