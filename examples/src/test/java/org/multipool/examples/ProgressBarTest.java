package org.multipool.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.TaskFailedException;

/** The examples' progress bar follows a map through its {@code MapFuture}. */
class ProgressBarTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 2_000).boxed().collect(Collectors.toList());

  @Test
  void follow_returnsTheMapsResults_andCountsEveryItemOnce() throws Exception {
    try (Pool pool = Pool.threads(2); ProgressBar bar = ProgressBar.start("squares", 2L * ITEMS.size(), false)) {
      List<Integer> first = bar.follow(pool.mapAsync(x -> x * x, ITEMS));
      assertThat(bar.done()).isEqualTo(ITEMS.size());
      List<Integer> second = bar.follow(pool.mapAsync(x -> x + 1, ITEMS));

      assertThat(first).hasSize(ITEMS.size()).startsWith(0, 1, 4, 9);
      assertThat(second).hasSize(ITEMS.size()).startsWith(1, 2, 3);
      assertThat(bar.done()).isEqualTo(2L * ITEMS.size());
    }
  }

  @Test
  void follow_ofAMapThatFails_throwsItsFailure() {
    try (Pool pool = Pool.threads(2); ProgressBar bar = ProgressBar.start("failing", ITEMS.size(), false)) {
      assertThatThrownBy(() -> bar.follow(pool.mapAsync(x -> 10 / (x - 7), ITEMS)))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailedException.class);
    }
  }
}
