package org.multipool;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The future of a {@link Pool#mapAsync mapAsync}: the results in input order, and how far the map
 * has come. In every other respect it is a {@link CompletableFuture}; cancelling it reaches the
 * work, as for {@link Pool#submit}.
 *
 * <pre>{@code
 * MapFuture<Report> reports = pool.mapAsync(file -> parse(file), files);
 * while (!reports.isDone()) {
 *   System.out.printf("%d of %d%n", reports.completed(), reports.total());
 *   Thread.sleep(500);
 * }
 * }</pre>
 *
 * <p>Semantics point 24 (docs/semantics.md).
 *
 * @param <R> the type of the results
 * @since 0.1.0
 */
public class MapFuture<R> extends CompletableFuture<List<R>> {
  private final long total;
  private final LongSupplier completed;

  /**
   * A map of {@code total} items whose progress {@code completed} counts; for the pool that
   * makes it.
   *
   * @param total how many items the map has
   * @param completed how many of them have an outcome so far
   */
  protected MapFuture(long total, LongSupplier completed) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0 but was " + total);
    }
    this.total = total;
    this.completed = Objects.requireNonNull(completed, "completed");
  }

  /**
   * Returns how many items the map has.
   *
   * @return the number of items
   */
  public long total() {
    return total;
  }

  /**
   * Returns how many items have an outcome so far, a result or a failure (items skipped after a
   * failure count too). It grows to {@link #total()}, which it has reached when the map completes
   * normally or with a failure. Where a worker runs a whole chunk at once, as threads do, it grows a
   * chunk at a time.
   *
   * @return the items with an outcome, at most {@link #total()}
   */
  public long completed() {
    return Math.min(total, completed.getAsLong());
  }
}
