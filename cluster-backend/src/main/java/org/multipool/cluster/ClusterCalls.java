package org.multipool.cluster;

import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.util.function.BooleanSupplier;
import org.multipool.SerializationException;
import org.multipool.spi.SharedObjectChecks;

/**
 * How a shared object's call on Hazelcast fails: one the pool ended fails with
 * {@link IllegalStateException}, whatever Hazelcast made of the structure meanwhile, and a value
 * Hazelcast cannot serialize fails with {@link SerializationException}.
 */
final class ClusterCalls {
  /** A call that may wait long waits in slices of this, so that the pool's end wakes it. */
  static final long SLICE_NANOS = 100_000_000;

  /** A call on a Hazelcast structure. */
  interface Call<R> {
    R run() throws InterruptedException;
  }

  private ClusterCalls() {}

  static <R> R run(Object object, BooleanSupplier open, String what, Call<R> call) throws InterruptedException {
    checkOpen(object, open);
    try {
      return call.run();
    } catch (RuntimeException e) {
      checkOpen(object, open);
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof HazelcastSerializationException) {
          throw new SerializationException("Cannot send " + what + " to the cluster: " + cause.getMessage(), e);
        }
      }
      throwIfInterrupted(e);
      throw e;
    }
  }

  /**
   * Throws the interrupt that Hazelcast wrapped in {@code failure}, as an
   * {@link InterruptedException}: a call it answers at once declares none, and was on its way.
   */
  static void throwIfInterrupted(RuntimeException failure) throws InterruptedException {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        InterruptedException interrupted = new InterruptedException("Interrupted while the cluster answered");
        interrupted.initCause(failure);
        throw interrupted;
      }
    }
  }

  /** The same, for a call that never waits. */
  static <R> R runNow(Object object, BooleanSupplier open, String what, Call<R> call) {
    try {
      return run(object, open, what, call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted in a call that does not wait", e);
    }
  }

  /**
   * Throws if the thread was interrupted. A call that waits checks before each slice: Hazelcast's
   * blocking calls do not all answer an interrupt.
   */
  static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  static void checkOpen(Object object, BooleanSupplier open) {
    if (!open.getAsBoolean()) {
      throw SharedObjectChecks.closed(object);
    }
  }

  /** What the classes of {@code values} are, for an error message. */
  static String classesOf(Object... values) {
    StringBuilder classes = new StringBuilder("values of classes");
    for (Object value : values) {
      classes.append(' ').append(value.getClass().getName());
    }
    return classes.toString();
  }
}
