package org.multipool.cluster;

import java.io.IOException;
import java.io.Serializable;
import org.multipool.RemoteTaskException;
import org.multipool.SerializationException;

/**
 * What a member sends back for one batch: an outcome per item (a result, {@link Outcomes.Failed}
 * or {@link Outcomes.Skipped}), or that the initializer failed, or that the batch did not run
 * because the caller had given it to another member.
 */
final class BatchOutcome implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Results are the tasks' own objects, typed {@code Object}: {@link #encode} checks each serializes. */
  @SuppressWarnings("serial")
  final Object[] outcomes;
  final Throwable initializerFailure;
  final boolean notRun;
  /**
   * How long the member spent running the batch's items. The rest of the batch's time, the trip
   * and every wait on the way (also behind the slot's previous batch), is what a stream's chunks
   * must outweigh.
   */
  long memberNanos;

  private BatchOutcome(Object[] outcomes, Throwable initializerFailure, boolean notRun) {
    this.outcomes = outcomes;
    this.initializerFailure = initializerFailure;
    this.notRun = notRun;
  }

  static byte[] notRun() throws IOException {
    return Outcomes.serialize(new BatchOutcome(null, null, true));
  }

  static byte[] initializerFailed(Throwable failure) throws IOException {
    try {
      return Outcomes.serialize(new BatchOutcome(null, failure, false));
    } catch (IOException e) {
      return Outcomes.serialize(new BatchOutcome(null, standIn(failure), false));
    }
  }

  static byte[] allFailed(Throwable failure, int size) throws IOException {
    Object[] outcomes = new Object[size];
    for (int i = 0; i < size; i++) {
      outcomes[i] = new Outcomes.Failed(failure);
    }
    return encode(outcomes, 0);
  }

  /**
   * Serializes the outcomes in one go; if one of them cannot be serialized, that one alone becomes
   * a failure that can, so one bad result never costs the others.
   */
  static byte[] encode(Object[] outcomes, long memberNanos) throws IOException {
    BatchOutcome whole = new BatchOutcome(outcomes, null, false);
    whole.memberNanos = memberNanos;
    try {
      return Outcomes.serialize(whole);
    } catch (IOException notAll) {
      for (int i = 0; i < outcomes.length; i++) {
        try {
          Outcomes.serialize(outcomes[i]);
        } catch (IOException e) {
          outcomes[i] = outcomes[i] instanceof Outcomes.Failed failed
              ? new Outcomes.Failed(standIn(failed.cause()))
              : new Outcomes.Failed(new SerializationException(
                  "The task's result cannot be serialized: " + Outcomes.describe(e), null));
        }
      }
      return Outcomes.serialize(whole);
    }
  }

  /** An exception that always serializes, for one that does not. */
  private static RemoteTaskException standIn(Throwable failure) {
    return new RemoteTaskException(failure.getClass().getName(), failure.getMessage(), failure.getStackTrace());
  }
}
