package org.multipool.benchmarks;

import java.util.Map;

/**
 * What the soak's JVM and its worker JVMs held at one moment: the figures a leak would make grow.
 *
 * @param heapBytes the parent's used heap right after a full collection: live objects only
 * @param threads the parent's live threads
 * @param openFiles the parent's open file descriptors, or -1 where {@code /proc/self/fd} does not
 *     exist
 * @param workerRssKilobytes each live worker JVM's resident memory, by process id
 */
record ResourceSample(long heapBytes, int threads, int openFiles, Map<Long, Long> workerRssKilobytes) {

  ResourceSample {
    workerRssKilobytes = Map.copyOf(workerRssKilobytes);
  }

  /** The resident memory of every live worker JVM together. */
  long workerRssSumKilobytes() {
    return workerRssKilobytes.values().stream().mapToLong(Long::longValue).sum();
  }
}
