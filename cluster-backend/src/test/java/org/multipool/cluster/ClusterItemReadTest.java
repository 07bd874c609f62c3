package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multipool.Pool;
import org.multipool.SerializationException;
import org.multipool.TaskFailedException;

/** Semantics 3 on a cluster: an item a member cannot read fails at its own index. */
class ClusterItemReadTest {

  /** Written as any object is; reading it throws, as a class that checks its invariants might. */
  static final class RefusesToBeRead implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      throw new InvalidObjectException("refused to be read");
    }
  }

  @Test
  void anItemAMemberCannotRead_failsAtItsOwnIndex_andTheItemsBeforeItRun() throws Exception {
    try (LoopbackCluster cluster = LoopbackCluster.start(1, 0);
        Pool pool = Pool.builder().backend(ClusterBackend.on(cluster.caller()), 1).build()) {
      List<Object> items = new ArrayList<>(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
      items.set(5, new RefusesToBeRead());
      Throwable thrown = catchThrowable(() -> pool.map(x -> x.hashCode(), items, 10)); // one chunk
      assertThat(thrown).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) thrown).index()).isEqualTo(5);
      assertThat(thrown.getCause()).isInstanceOf(SerializationException.class)
          .hasMessageContaining("refused to be read");
      assertThat(pool.map(x -> x + 1, List.of(1, 2, 3), 3)).containsExactly(2, 3, 4);
    }
  }
}
