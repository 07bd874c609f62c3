package org.multipool.process.worker;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.multipool.process.wire.Protocol;

/** Frames a broken pool might send a worker after the start, drawn at random from a seed. */
final class BadCommands {
  private static final byte INIT = 1;
  private static final byte BATCH = 2;
  private static final byte SKIP = 3;
  private static final byte BYE = 4;

  /** The faults. */
  enum Kind {
    /** A good batch frame, cut short by the end of the stream. */
    TRUNCATED,
    /** A length of zero, a negative one, or one past the protocol's limit. */
    BAD_LENGTH,
    /** A huge length with a few bytes behind it, then the end of the stream. */
    HUGE_CLAIM,
    /** A kind no command has. */
    UNKNOWN_KIND,
    /** A second init. */
    SECOND_INIT,
    /** A batch whose lengths, counts or format cannot be. */
    BAD_BATCH,
    /** A batch of plain items that run past the frame, have unknown tags or stray bytes after them. */
    BAD_ITEMS,
    /** A batch that names a function the worker was never sent. */
    UNKNOWN_FUNCTION,
    /** A skip of the wrong length or with a stop flag that is neither 0 nor 1. */
    BAD_SKIP,
    /** A batch whose function and items are codec streams of random bytes: a task's problem, not the protocol's. */
    GARBLED_OBJECTS,
    /** A bye with a payload, or bytes after a bye. */
    AFTER_BYE,
    /** Random bytes. */
    NOISE
  }

  /** One case: the bytes, and whether they break the protocol before the end of the stream. */
  record Case(Kind kind, byte[] bytes, boolean breaksProtocol) {
    @Override
    public String toString() {
      return kind + " " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 48))
          + (bytes.length > 48 ? "... (" + bytes.length + " bytes)" : "");
    }
  }

  private BadCommands() {}

  static Case next(Random random) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return switch (kind) {
      case TRUNCATED -> {
        byte[] good = goodBatch(random);
        yield new Case(kind, Arrays.copyOf(good, random.nextInt(good.length)), false);
      }
      case BAD_LENGTH -> {
        int[] lengths = {0, -1, Integer.MIN_VALUE, -1 - random.nextInt(Integer.MAX_VALUE), Protocol.MAX_FRAME + 1};
        yield new Case(kind, frame(lengths[random.nextInt(lengths.length)], BATCH, new byte[0]), true);
      }
      case HUGE_CLAIM -> new Case(kind,
          frame(1_000_000 + random.nextInt(Protocol.MAX_FRAME - 1_000_000), BATCH, bytes(random, random.nextInt(64))), false);
      case UNKNOWN_KIND -> {
        byte unknown = random.nextBoolean() ? (byte) (5 + random.nextInt(251)) : (byte) -random.nextInt(129);
        yield new Case(kind, frame(unknown, bytes(random, 12)), true);
      }
      case SECOND_INIT -> new Case(kind, frame(INIT, ByteBuffer.allocate(8).putInt(0).putInt(0).array()), true);
      case BAD_BATCH -> {
        ByteBuffer payload = ByteBuffer.allocate(64);
        switch (random.nextInt(5)) {
          case 0 -> payload.putInt(0).putInt(1).putInt(1000 + random.nextInt(1 << 20)); // a function longer than the frame
          case 1 -> payload.putInt(0).putInt(1).putInt(0).putInt(-1).putInt(0).putInt(-1 - random.nextInt(1000)); // negative count
          case 2 -> payload.putInt(0).putInt(1).putInt(0).putInt(-1).putInt(0).putInt(1000 + random.nextInt(1 << 24))
              .put((byte) 0); // more items than bytes
          case 3 -> payload.putInt(0).putInt(1).putInt(0).putInt(-1).putInt(0).putInt(1)
              .put((byte) (2 + random.nextInt(100))).put((byte) 0); // an unknown format
          default -> payload.putInt(-1 - random.nextInt(1000)).putInt(1).putInt(0).putInt(-1).putInt(0).putInt(1)
              .put((byte) 0).put((byte) 0); // a negative seq
        }
        yield new Case(kind, frame(BATCH, Arrays.copyOf(payload.array(), payload.position())), true);
      }
      case BAD_ITEMS -> {
        ByteBuffer payload = ByteBuffer.allocate(64).putInt(0).putInt(1).putInt(0);
        byte[] function = {}; // names function 1, which the worker does not have: checked after the items
        payload.put(function).putInt(-1).putInt(0).putInt(1).put((byte) 0);
        switch (random.nextInt(3)) {
          case 0 -> payload.put((byte) 4).putInt(100 + random.nextInt(1 << 20)).put((byte) 'x');
          case 1 -> payload.put((byte) (8 + random.nextInt(100))).putInt(7);
          default -> payload.put((byte) 1).putInt(7).put(bytes(random, 1 + random.nextInt(8)));
        }
        yield new Case(kind, frame(BATCH, Arrays.copyOf(payload.array(), payload.position())), true);
      }
      case UNKNOWN_FUNCTION -> new Case(kind, frame(BATCH, ByteBuffer.allocate(30).putInt(0).putInt(1 + random.nextInt(1000))
          .putInt(0).putInt(-1).putInt(0).putInt(1).put((byte) 0).put((byte) 1).putInt(7).array()), true);
      case BAD_SKIP -> {
        byte[] payload = random.nextBoolean()
            ? bytes(random, random.nextInt(9))
            : ByteBuffer.allocate(9).putInt(0).putInt(0).put((byte) (2 + random.nextInt(100))).array();
        yield new Case(kind, frame(SKIP, payload), true);
      }
      case GARBLED_OBJECTS -> {
        byte[] function = bytes(random, 1 + random.nextInt(40));
        byte[] items = bytes(random, 1 + random.nextInt(40));
        ByteBuffer payload = ByteBuffer.allocate(25 + function.length + items.length).putInt(0).putInt(1)
            .putInt(function.length).put(function).putInt(-1).putInt(0).putInt(1).put((byte) 1).put(items);
        // the next batch of the same function comes without its bytes, as the pool sends it
        ByteBuffer again = ByteBuffer.allocate(30).putInt(1).putInt(1).putInt(0).putInt(-1).putInt(1).putInt(1)
            .put((byte) 0).put((byte) 1).putInt(7);
        yield new Case(kind, concat(frame(BATCH, payload.array()), frame(BATCH, again.array())), false);
      }
      case AFTER_BYE -> random.nextBoolean()
          ? new Case(kind, frame(BYE, bytes(random, 1 + random.nextInt(8))), true) // a bye has no payload
          : new Case(kind, concat(frame(BYE, new byte[0]), bytes(random, 1 + random.nextInt(32))), false);
      case NOISE -> new Case(kind, bytes(random, 1 + random.nextInt(64)), false);
    };
  }

  /** A good batch frame: function 1, sent along as random bytes, and two plain items. */
  private static byte[] goodBatch(Random random) {
    byte[] function = bytes(random, 8 + random.nextInt(32));
    ByteBuffer payload = ByteBuffer.allocate(24 + function.length + 11).putInt(0).putInt(1).putInt(function.length)
        .put(function).putInt(-1).putInt(2).putInt(2).put((byte) 0).put((byte) 1).putInt(1).put((byte) 1).putInt(2);
    return frame(BATCH, payload.array());
  }

  private static byte[] frame(byte kind, byte[] payload) {
    return frame(1 + payload.length, kind, payload);
  }

  private static byte[] frame(int length, byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(length).put(kind).put(payload).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
