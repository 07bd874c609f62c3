package org.multipool.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The batches one worker holds, in the order it took them, and which of them a worker that went
 * idle asked back (semantics 27). Not thread-safe: its {@link WorkerSlot}'s lock guards it.
 */
final class HeldBatches implements Iterable<HeldBatches.Held> {
  /** What only the holder knows of a batch it holds. */
  static final class Held {
    final WorkBatch batch;
    /** A worker that went idle asked this holder to give the batch back. */
    boolean askedBack;
    /** The flight-recorder event of the batch's stay here, if JFR records. */
    Object flightEvent;

    Held(WorkBatch batch) {
      this.batch = batch;
    }
  }

  private final ArrayDeque<Held> held = new ArrayDeque<>();

  Held add(WorkBatch batch) {
    Held added = new Held(batch);
    held.addLast(added);
    return added;
  }

  /** What the worker keeps of {@code batch}, or null if it does not hold it. */
  Held find(WorkBatch batch) {
    for (Held each : held) {
      if (each.batch == batch) {
        return each;
      }
    }
    return null;
  }

  /** Lets go of {@code batch}; returns what was kept of it, or null if it was not held. */
  Held remove(WorkBatch batch) {
    Held found = find(batch);
    if (found != null) {
      held.remove(found);
    }
    return found;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  void clear() {
    held.clear();
  }

  /** Whether a batch held here was asked back, or could be: it may still go back to the queue. */
  boolean mayGiveBack(WorkBatch running) {
    for (Held each : held) {
      if (each.askedBack) {
        return true;
      }
    }
    return aheadNotAsked(running) != null;
  }

  /**
   * The first batch held ahead (not {@code running}), not begun, with an item not skipped, and not
   * asked back yet; null if there is none. A batch whose items are all skipped ends where it is.
   */
  Held aheadNotAsked(WorkBatch running) {
    for (Held each : held) {
      WorkBatch batch = each.batch;
      if (batch != running && !each.askedBack && !batch.states().anyBegun() && batch.firstSkipped() > 0) {
        return each;
      }
    }
    return null;
  }

  /** Newest first, the batches of {@code job}; every batch if {@code job} is null. */
  List<WorkBatch> newestFirst(Job job) {
    List<WorkBatch> batches = new ArrayList<>();
    for (Iterator<Held> each = held.descendingIterator(); each.hasNext(); ) {
      WorkBatch batch = each.next().batch;
      if (job == null || batch.job == job) {
        batches.add(batch);
      }
    }
    return batches;
  }

  @Override
  public Iterator<Held> iterator() {
    return held.iterator();
  }
}
