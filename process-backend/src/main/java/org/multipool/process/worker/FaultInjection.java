package org.multipool.process.worker;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.Protocol.Command;
import org.multipool.process.wire.Protocol.Event;

/**
 * Kills this worker JVM with SIGKILL at a chosen point of the protocol, so that tests can show
 * what a crash at that point costs the pool. Only Multipool's own tests set it, as the system
 * property {@value #PROPERTY} of a worker: {@code POINT} (worker 1 only) or {@code POINT@N,M,...}
 * (workers {@code N}, {@code M}, ... only), so the replacement lives. With {@code /stall=MILLIS}
 * after it, the worker stops for that long at the point instead, as a worker stopped with
 * {@code SIGSTOP} and resumed would. Not an API; unset, it costs one property look-up at start.
 */
final class FaultInjection implements FrameChannel.Tap {
  static final String PROPERTY = "multipool.test.fault";

  /** Where a worker can be made to die. */
  enum Point {
    /** Connected, before the hello. */
    BEFORE_HELLO,
    /** The hello is out, the init not yet read. */
    AFTER_HELLO,
    /** The initializer runs. */
    IN_INITIALIZER,
    /**
     * The second batch frame has begun to arrive while the first batch's task runs (waits, that
     * is, in the middle of its run: tests' tasks sleep there).
     */
    BATCH_HALF_RECEIVED,
    /** The header of the first outcomes frame is out, its payload not yet. */
    OUTCOMES_HALF_SENT,
    /** A task returned; its result is about to be serialized. */
    SERIALIZING_RESULT,
    /** An answer to a skip is about to go out. */
    ANSWERING_SKIP,
    /** The pool said bye and every outcome is out. */
    AFTER_BYE
  }

  /** Injects nothing. */
  static final FaultInjection NONE = new FaultInjection(null, 0);

  private final Point point;
  /** How long to stall at the point instead of dying, or 0 to die. */
  private final long stallMillis;
  private int batchesReceived; // only the command reader's thread counts
  /** The task thread, once it began a batch. */
  private volatile Thread running;

  private FaultInjection(Point point, long stallMillis) {
    this.point = point;
    this.stallMillis = stallMillis;
  }

  /** The fault set for worker {@code number}, or {@link #NONE}. */
  static FaultInjection forWorker(int number) {
    return parse(System.getProperty(PROPERTY), number);
  }

  /** The fault that {@code setting} sets for worker {@code number}, or {@link #NONE}. */
  static FaultInjection parse(String setting, int number) {
    if (setting == null || setting.isBlank()) {
      return NONE;
    }
    String[] stall = setting.split("/stall=", 2);
    String[] parts = stall[0].split("@", 2);
    String targets = parts.length == 2 ? parts[1] : "1";
    for (String target : targets.split(",")) {
      if (Integer.parseInt(target.trim()) == number) {
        return new FaultInjection(Point.valueOf(parts[0]), stall.length == 2 ? Long.parseLong(stall[1]) : 0);
      }
    }
    return NONE;
  }

  /** The tap for the worker's frame channel, or null when no fault lies in a frame. */
  FrameChannel.Tap tap() {
    return point == Point.BATCH_HALF_RECEIVED || point == Point.OUTCOMES_HALF_SENT ? this : null;
  }

  /** Dies here if this is the point. */
  void at(Point here) {
    if (here == point) {
      die();
    }
  }

  private void die() {
    if (stallMillis > 0) {
      System.err.println("multipool worker: stalled by fault injection at " + point + " for " + stallMillis + " ms");
      long end = System.nanoTime() + stallMillis * 1_000_000L;
      for (long left = stallMillis * 1_000_000L; left > 0; left = end - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      return;
    }
    System.err.println("multipool worker: killed by fault injection at " + point);
    System.err.flush();
    kill();
  }

  /** The task thread begins a batch. */
  void batchBegins() {
    running = Thread.currentThread();
  }

  /** The task thread ended a batch. */
  void batchEnds() {
    running = null;
  }

  @Override
  public void receiving(byte kind) {
    if (point == Point.BATCH_HALF_RECEIVED && kind == Command.BATCH.code && ++batchesReceived == 2) {
      while (!midTask()) { // the frame waits, half received, until the first batch's task is under way
        LockSupport.parkNanos(100_000);
      }
      die();
    }
  }

  @Override
  public void sending(byte kind) {
    if (kind == Event.OUTCOMES.code) {
      at(Point.OUTCOMES_HALF_SENT);
    }
  }

  private boolean midTask() {
    Thread thread = running;
    return thread != null
        && (thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING);
  }

  /** SIGKILL, as the OS or a user would send it: no exit hooks, no flushing, nothing more on the wire. */
  private static void kill() {
    try {
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start();
      kill.waitFor(); // the signal is on its way once kill has exited
      LockSupport.parkNanos(5_000_000_000L);
    } catch (IOException e) {
      // no kill command: halt instead, with the code a SIGKILL gives
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(137);
  }
}
