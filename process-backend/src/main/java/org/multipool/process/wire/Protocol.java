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
 * <p>The worker speaks first with {@link Event#HELLO}, whose secret proves it was started by this
 * pool; the pool reads nothing else from a connection until the secret matched, and drops a
 * connection whose hello is wrong or late. The pool then sends {@link Command#INIT}; the worker
 * answers {@link Event#READY} or {@link Event#INIT_FAILED}; then batches go one way and their
 * outcomes the other. Objects travel inside payloads as the {@link Codec} encodes them; a "stream"
 * below is one codec stream. The worker runs items one at a time, in the order of the batches and
 * their items, and reports their outcomes in that order.
 *
 * <p>A batch stops at its first failed item: the worker reports the items after it as skipped
 * without running them. Every call that makes batches of several items gives up on those items
 * anyway ({@code map} fails at its lowest failed index, {@code imap} streams end at a failure),
 * and the pool hears of the failure only after the worker could have begun the next item.
 */
public final class Protocol {
  /** The first int of every hello: "MPL" and the protocol version 1. */
  public static final int MAGIC = 0x4d504c01;
  /** The length of the secret, in bytes. */
  public static final int SECRET_BYTES = 32;
  /** The fixed length field of a hello frame: kind, magic, worker number, secret. */
  public static final int HELLO_LENGTH = 1 + 4 + 4 + SECRET_BYTES;
  /** Frames larger than this are refused as corrupt; a single frame holds at most ~2 GB anyway. */
  public static final int MAX_FRAME = Integer.MAX_VALUE - 64;

  /** What the pool sends to a worker. */
  public enum Command {
    /**
     * Settings, once, right after the hello: {@code int flags} ({@link #FLUSH_EACH_OUTCOME}),
     * {@code int length, bytes}: a stream holding the initializer, or length 0 for none.
     */
    INIT(1),
    /**
     * Items to run: {@code int seq} (numbers the worker's batches from 0, in sending order),
     * {@code int functionId}, {@code int functionLength, bytes} (a stream holding the function;
     * length 0 when this worker already has that function), {@code int forgetId} (a function id
     * the worker may drop, or -1), {@code int skipFrom} (items from here on must not run),
     * {@code int count}, {@code byte format} ({@link Values#RAW} or {@link Values#STREAM}), then
     * the {@code count} items, each written by {@link Values}: plainly, or into one codec stream.
     */
    BATCH(2),
    /**
     * Items of a batch sent earlier must not run from here on: {@code int seq, int from},
     * {@code byte stopIfRunning} (1: if the batch is running when the worker reads this, the worker
     * ends itself, with exit code 5; the pool cannot tell that moment from afar; the pool sets it
     * only for a cancelled task, whose items are all skipped). The
     * worker answers each with {@link Event#SKIP_ANSWER}, in order.
     */
    SKIP(3),
    /** Finish what you hold, report it, and exit. Empty payload. */
    BYE(4);

    /** Flag of {@link #INIT}: send each outcome at once, because tasks run under a timeout. */
    public static final int FLUSH_EACH_OUTCOME = 1;

    public final byte code;

    Command(int code) {
      this.code = (byte) code;
    }

    public static Command of(byte code) {
      for (Command command : values()) {
        if (command.code == code) {
          return command;
        }
      }
      throw new IllegalArgumentException("Unknown command " + code);
    }
  }

  /** What a worker sends to the pool. */
  public enum Event {
    /**
     * The first frame of a connection: {@code int magic} ({@link #MAGIC}), {@code int worker}
     * (the number the pool gave the worker on its command line), then the {@value #SECRET_BYTES}
     * bytes of the pool's secret, which the worker read from its stdin.
     */
    HELLO(1),
    /** The initializer ran (or there is none); the worker takes batches now. Empty payload. */
    READY(2),
    /** The initializer threw: a stream holding the exception. The worker exits next. */
    INIT_FAILED(3),
    /**
     * Outcomes of consecutive items of one batch: {@code int seq, int from, int count},
     * {@code byte format} ({@link Values#RAW} or {@link Values#STREAM}), then, plainly or in one
     * codec stream, per item {@code byte status} ({@link #OK}, {@link #FAILED},
     * {@link #SKIPPED}, {@link #UNSENDABLE}) and, except for skipped items, one value written by
     * {@link Values}: the result, the exception, or the text that says why the result could not be
     * sent.
     */
    OUTCOMES(4),
    /**
     * The answer to a {@link Command#SKIP}, once no item it covers can begin any more:
     * {@code int seq, int from}, in the order of the skips. Sent by a thread of its own, not
     * the one that runs tasks, so it may arrive before or after outcomes of the same batch, and not
     * the one that reads commands, so a full socket never keeps the worker from reading them.
     */
    SKIP_ANSWER(5);

    // the status of an outcome
    public static final byte OK = 0;
    public static final byte FAILED = 1;
    public static final byte SKIPPED = 2;
    public static final byte UNSENDABLE = 3;

    public final byte code;

    Event(int code) {
      this.code = (byte) code;
    }

    public static Event of(byte code) {
      for (Event event : values()) {
        if (event.code == code) {
          return event;
        }
      }
      throw new IllegalArgumentException("Unknown event " + code);
    }
  }

  private Protocol() {}
}
