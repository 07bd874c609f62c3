package org.multipool.spi.remote;

/**
 * Why an {@link OrderedBatchRunner} stopped the item it ran.
 *
 * <pre>{@code
 * runner.cancel(seq, from); // the running item, if it is at or after from, stops as CANCELLED
 * }</pre>
 */
enum StopReason {
  /** A {@code cancel(true)} reached it: it is reported skipped, whatever it did after the interrupt. */
  CANCELLED,
  /** It ran longer than its batch's timeout: it is reported timed out. */
  TIMED_OUT,
  /** The pool ends, or the far side stops everything: it is reported skipped. */
  STOPPED
}
