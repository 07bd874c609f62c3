package org.multipool.cluster;

import java.io.IOException;
import java.time.Duration;
import org.multipool.TaskTimeoutException;
import org.multipool.spi.remote.BatchSink;

/**
 * Where a lane's {@link org.multipool.spi.remote.OrderedBatchRunner} reports: each item's outcome
 * goes into its batch's {@link LaneBatch#outcomes}, and when the batch ends, the whole of it goes
 * back to the caller at once, as the answer to its {@link RunBatch} call.
 */
final class LaneSink implements BatchSink<LaneBatch> {
  private final String label;
  private final String memberName;

  LaneSink(String label, String memberName) {
    this.label = label;
    this.memberName = memberName;
  }

  @Override
  public void started(LaneBatch batch) {
    batch.beganNanos = System.nanoTime();
  }

  @Override
  public void succeeded(LaneBatch batch, int index, Object result) {
    batch.outcomes[index] = result;
  }

  @Override
  public void failed(LaneBatch batch, int index, Throwable failure) {
    batch.outcomes[index] = new Outcomes.Failed(failure);
  }

  @Override
  public void timedOut(LaneBatch batch, int index) {
    batch.outcomes[index] = new Outcomes.Failed(new TaskTimeoutException("A task ran longer than the task timeout"
        + " of " + Duration.ofNanos(batch.timeoutNanos()) + " on worker " + label + " (member " + memberName + ")"));
  }

  @Override
  public void skipped(LaneBatch batch, int index) {
    batch.outcomes[index] = Outcomes.Skipped.SKIPPED;
  }

  /**
   * Sends the batch's outcomes back. An outcome that cannot be encoded fails that batch's call
   * only: the lane goes on with the next batch.
   */
  @Override
  public void ended(LaneBatch batch) {
    try {
      batch.outcome().complete(batch.initializerFailure != null
          ? BatchOutcome.initializerFailed(batch.initializerFailure)
          : BatchOutcome.encode(batch.outcomes, System.nanoTime() - batch.beganNanos));
    } catch (IOException | RuntimeException e) {
      batch.outcome().completeExceptionally(e);
    }
  }

  /** The caller claimed the batch first (it took it back, or settled a loss): it runs elsewhere. */
  @Override
  public void givenBack(LaneBatch batch) {
    if (batch.claimFailure != null) {
      batch.outcome().completeExceptionally(batch.claimFailure);
      return;
    }
    try {
      batch.outcome().complete(BatchOutcome.notRun());
    } catch (IOException e) {
      batch.outcome().completeExceptionally(e);
    }
  }

  /** The lane ended before the batch's turn came, or while it ran: its caller is gone, or its member. */
  @Override
  public void dropped(LaneBatch batch) {
    batch.outcome().completeExceptionally(new IllegalStateException("Slot " + label + " ended"));
  }
}
