package org.multipool.examples;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.multipool.Pool;
import org.multipool.SharedMap;
import org.multipool.SharedQueue;

/**
 * Producers in worker JVMs and a slow consumer, the main thread, joined by a bounded
 * {@link SharedQueue}: Python's {@code multiprocessing.Queue} pattern. The producers are fast, so
 * the queue fills up and their {@code put} waits for the consumer: that is backpressure, and the
 * example prints it as it happens. Then the same code runs on threads.
 *
 * <pre>{@code
 * SharedQueue<Integer> queue = pool.newQueue(20);
 * pool.submit(() -> { for (int i = 0; i < n; i++) queue.put(i); return null; });   // in a worker
 * int next = queue.take();                                                       // in the caller
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProducerConsumer {
  static final Example EXAMPLE = Example.of("producer-consumer",
      "producers in worker JVMs, a bounded shared queue, a slow consumer: backpressure, then the same on threads",
      ProducerConsumer::run,
      Option.number("items", 600, 1, 10_000_000, "how many items the producers make in all"),
      Option.number("producers", 2, 1, 64, "how many producer tasks, each on a worker of its own"),
      Option.number("capacity", 20, 1, 1_000_000, "the queue's capacity"),
      Option.number("consume-ms", 2, 0, 10_000, "how long the consumer takes per item"));

  private ProducerConsumer() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if a pool does something other than what the example expects
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int producers = options.intValue("producers");
    System.out.println("Producers in " + producers + " worker JVMs:");
    try (Pool pool = Pool.processes(producers)) {
      produceAndConsume(pool, options);
    }
    System.out.println("The same code on " + producers + " threads:");
    try (Pool pool = Pool.threads(producers)) {
      produceAndConsume(pool, options);
    }
  }

  private static void produceAndConsume(Pool pool, Options options) throws Exception {
    int items = options.intValue("items");
    int producers = options.intValue("producers");
    int capacity = options.intValue("capacity");
    long consumeMillis = options.longValue("consume-ms");
    SharedQueue<Integer> queue = pool.newQueue(capacity);
    SharedMap<String, Integer> putSoFar = pool.newMap();

    List<CompletableFuture<Object>> running = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      running.add(pool.submit(() -> {
        for (int item = producer; item < items; item += producers) {
          queue.put(item); // waits while the queue is full: the consumer sets the pace
          putSoFar.merge("put", 1, Integer::sum);
        }
        return null;
      }));
    }

    BitSet seen = new BitSet(items);
    int duplicates = 0;
    int mostAhead = 0;
    for (int taken = 1; taken <= items; taken++) {
      int item = queue.take();
      duplicates += seen.get(item) ? 1 : 0;
      seen.set(item);
      // Every item counted as put is in the queue or taken, so the producers are never more than
      // the queue's capacity ahead of the consumer.
      Integer counted = putSoFar.get("put");
      int put = counted == null ? 0 : counted;
      mostAhead = Math.max(mostAhead, put - taken);
      if (taken % Math.max(1, items / 6) == 0 || taken == items) {
        System.out.printf("  taken %,7d   in the queue %,5d of %,d   put so far %,7d%n",
            taken, queue.size(), capacity, put);
      }
      if (consumeMillis > 0) {
        Thread.sleep(consumeMillis); // the slow consumer
      }
    }
    for (CompletableFuture<Object> producer : running) {
      producer.get();
    }
    System.out.printf("  the producers were at most %,d items ahead of the consumer (capacity %,d)%n",
        mostAhead, capacity);
    System.out.printf("  %,d items arrived, %s, %,d twice%n", seen.cardinality(),
        seen.cardinality() == items ? "every one of them" : "some missing", duplicates);
  }
}
