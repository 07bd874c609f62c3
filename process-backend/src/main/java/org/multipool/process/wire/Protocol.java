package org.multipool.process.wire;

/**
 * The wire protocol between a pool and its worker JVMs, in one place.
 *
 * <p>Everything travels over one Unix-domain socket per worker as frames:
 *
 * <pre>
 * frame   = int length, byte kind, payload     (length counts the kind byte and the payload)
 * int     = 4 bytes, big-endian
 * </pre>
 *
 * <p>Each kind of frame is one small type with its own {@code read} and {@code write}, which
 * documents its payload: the pool sends {@link InitFrame}, {@link BatchFrame}, {@link SkipFrame},
 * {@link TakeBackFrame}, {@link ByeFrame} and {@link SharedReplyFrame} ({@link CommandFrame}s); a
 * worker sends {@link HelloFrame}, {@link ReadyFrame}, {@link InitFailedFrame},
 * {@link OutcomesFrame}, {@link SkipAnswerFrame}, {@link GivenBackFrame}, {@link BegunFrame},
 * {@link SharedCallFrame} and {@link SharedCancelFrame} ({@link EventFrame}s).
 *
 * <p>The worker speaks first with a hello, whose secret proves it was started by this pool; the
 * pool reads nothing else from a connection until the secret matched, and drops a connection whose
 * hello is wrong or late. The pool then sends the init; the worker answers ready or init-failed;
 * then batches go one way and their outcomes the other. Objects travel inside payloads as the
 * {@link Codec} encodes them, or as the plain values of {@link Values}. The worker runs items one
 * at a time, in the order of the batches and their items, and reports their outcomes in that order.
 *
 * <p>A task's calls on the pool's shared queues and maps travel on the same connection: the
 * worker sends a {@link SharedCallFrame} and the pool answers with a {@link SharedReplyFrame},
 * whenever the call is done; a call that waits, for room or for an item, waits in the pool's JVM,
 * so the worker's connection stays free. See {@link SharedOp}.
 *
 * <p>A worker may hold batches ahead of the one it runs. When another worker goes idle, the pool
 * asks for one back with a {@link TakeBackFrame}; a worker that has not begun it gives it back
 * whole ({@link GivenBackFrame}, then no outcome of it), and the pool sends it to the idle worker.
 *
 * <p>A batch stops at its first failed item: the worker reports the items after it as skipped
 * without running them. Every call that makes batches of several items gives up on those items
 * anyway ({@code map} fails at its lowest failed index, {@code imap} streams end at a failure),
 * and the pool hears of the failure only after the worker could have begun the next item.
 *
 * <p>Either side that reads a frame the protocol does not allow throws {@link ProtocolException}
 * and stops trusting its peer. No side allocates memory for what a frame merely claims: lengths
 * and counts are checked against the bytes that arrived.
 */
public final class Protocol {
  /** The first int of every hello: "MPL" and the protocol version 1. */
  public static final int MAGIC = 0x4d504c01;
  /** The length of the secret, in bytes. */
  public static final int SECRET_BYTES = 32;
  /**
   * The system property that tells a worker how long {@code System.exit} may take before the
   * worker halts, in milliseconds; a worker that writes a class-data archive at exit needs longer
   * than the default second.
   */
  public static final String HALT_AFTER_MILLIS_PROPERTY = "multipool.worker.haltAfterMillis";
  /** Frames larger than this are refused as corrupt; a single frame holds at most ~2 GB anyway. */
  public static final int MAX_FRAME = Integer.MAX_VALUE - 64;

  /** The kinds of frame the pool sends to a worker. */
  public enum Command {
    /** {@link InitFrame}. */
    INIT(1),
    /** {@link BatchFrame}. */
    BATCH(2),
    /** {@link SkipFrame}. */
    SKIP(3),
    /** {@link ByeFrame}. */
    BYE(4),
    /** {@link SharedReplyFrame}. */
    SHARED_REPLY(5),
    /** {@link TakeBackFrame}. */
    TAKE_BACK(6);

    /** The kind byte of the frame. */
    public final byte code;

    Command(int code) {
      this.code = (byte) code;
    }

    /** The command of kind {@code code}. */
    public static Command of(byte code) throws ProtocolException {
      for (Command command : values()) {
        if (command.code == code) {
          return command;
        }
      }
      throw new ProtocolException("Unknown command kind " + code);
    }
  }

  /** The kinds of frame a worker sends to the pool. */
  public enum Event {
    /** {@link HelloFrame}. */
    HELLO(1),
    /** {@link ReadyFrame}. */
    READY(2),
    /** {@link InitFailedFrame}. */
    INIT_FAILED(3),
    /** {@link OutcomesFrame}. */
    OUTCOMES(4),
    /** {@link SkipAnswerFrame}. */
    SKIP_ANSWER(5),
    /** {@link SharedCallFrame}. */
    SHARED_CALL(6),
    /** {@link SharedCancelFrame}. */
    SHARED_CANCEL(7),
    /** {@link GivenBackFrame}. */
    GIVEN_BACK(8),
    /** {@link BegunFrame}. */
    BEGUN(9);

    /** The kind byte of the frame. */
    public final byte code;

    Event(int code) {
      this.code = (byte) code;
    }

    /** The event of kind {@code code}. */
    public static Event of(byte code) throws ProtocolException {
      for (Event event : values()) {
        if (event.code == code) {
          return event;
        }
      }
      throw new ProtocolException("Unknown event kind " + code);
    }
  }

  private Protocol() {}
}
