package org.multipool.process.worker;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.multipool.process.wire.FuzzCase;

/** Frames a broken pool might send a worker after the start, drawn at random from a seed. */
final class BadCommands {
  private static final byte INIT = 1;
  private static final byte BATCH = 2;
  private static final byte SKIP = 3;
  private static final byte BYE = 4;
  private static final byte TAKE_BACK = 6;

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
    /** A take-back of the wrong length. */
    BAD_TAKE_BACK,
    /** A batch whose function and items are codec streams of random bytes: a task's problem, not the protocol's. */
    GARBLED_OBJECTS,
    /** A bye with a payload, or bytes after a bye. */
    AFTER_BYE,
    /** Random bytes. */
    NOISE
  }


  private BadCommands() {}

  static FuzzCase<Kind> next(Random random) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return switch (kind) {
      case TRUNCATED -> {
        byte[] good = goodBatch(random);
        yield new FuzzCase<>(kind, Arrays.copyOf(good, random.nextInt(good.length)), false);
      }
      case BAD_LENGTH -> {
        yield new FuzzCase<>(kind, FuzzCase.frame(FuzzCase.badLength(random), BATCH, new byte[0]), true);
      }
      case HUGE_CLAIM -> new FuzzCase<>(kind,
          FuzzCase.frame(FuzzCase.hugeLength(random), BATCH, FuzzCase.bytes(random, random.nextInt(64))), false);
      case UNKNOWN_KIND -> {
        byte unknown = random.nextBoolean() ? (byte) (7 + random.nextInt(249)) : (byte) -random.nextInt(129); // 1 to 6 are commands
        yield new FuzzCase<>(kind, FuzzCase.frame(unknown, FuzzCase.bytes(random, 12)), true);
      }
      case SECOND_INIT -> new FuzzCase<>(kind, FuzzCase.frame(INIT, ByteBuffer.allocate(16).putInt(0).putLong(0).putInt(0).array()), true);
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
        yield new FuzzCase<>(kind, FuzzCase.frame(BATCH, Arrays.copyOf(payload.array(), payload.position())), true);
      }
      case BAD_ITEMS -> {
        ByteBuffer payload = ByteBuffer.allocate(64).putInt(0).putInt(1).putInt(0);
        byte[] function = {}; // names function 1, which the worker does not have: checked after the items
        payload.put(function).putInt(-1).putInt(0).putInt(1).put((byte) 0);
        switch (random.nextInt(3)) {
          case 0 -> payload.put((byte) 4).putInt(100 + random.nextInt(1 << 20)).put((byte) 'x');
          case 1 -> payload.put((byte) (8 + random.nextInt(100))).putInt(7);
          default -> payload.put((byte) 1).putInt(7).put(FuzzCase.bytes(random, 1 + random.nextInt(8)));
        }
        yield new FuzzCase<>(kind, FuzzCase.frame(BATCH, Arrays.copyOf(payload.array(), payload.position())), true);
      }
      case UNKNOWN_FUNCTION -> new FuzzCase<>(kind, FuzzCase.frame(BATCH, ByteBuffer.allocate(30).putInt(0).putInt(1 + random.nextInt(1000))
          .putInt(0).putInt(-1).putInt(0).putInt(1).put((byte) 0).put((byte) 1).putInt(7).array()), true);
      case BAD_SKIP -> {
        byte[] payload = random.nextBoolean()
            ? FuzzCase.bytes(random, random.nextInt(9))
            : ByteBuffer.allocate(9).putInt(0).putInt(0).put((byte) (2 + random.nextInt(100))).array();
        yield new FuzzCase<>(kind, FuzzCase.frame(SKIP, payload), true);
      }
      case BAD_TAKE_BACK -> {
        int length = random.nextInt(12);
        yield new FuzzCase<>(kind, FuzzCase.frame(TAKE_BACK, FuzzCase.bytes(random, length == 4 ? 5 : length)), true);
      }
      case GARBLED_OBJECTS -> {
        byte[] function = FuzzCase.bytes(random, 1 + random.nextInt(40));
        byte[] items = FuzzCase.bytes(random, 1 + random.nextInt(40));
        ByteBuffer payload = ByteBuffer.allocate(25 + function.length + items.length).putInt(0).putInt(1)
            .putInt(function.length).put(function).putInt(-1).putInt(0).putInt(1).put((byte) 1).put(items);
        // the next batch of the same function comes without its bytes, as the pool sends it
        ByteBuffer again = ByteBuffer.allocate(30).putInt(1).putInt(1).putInt(0).putInt(-1).putInt(1).putInt(1)
            .put((byte) 0).put((byte) 1).putInt(7);
        yield new FuzzCase<>(kind, concat(FuzzCase.frame(BATCH, payload.array()), FuzzCase.frame(BATCH, again.array())), false);
      }
      case AFTER_BYE -> random.nextBoolean()
          ? new FuzzCase<>(kind, FuzzCase.frame(BYE, FuzzCase.bytes(random, 1 + random.nextInt(8))), true) // a bye has no payload
          : new FuzzCase<>(kind, concat(FuzzCase.frame(BYE, new byte[0]), FuzzCase.bytes(random, 1 + random.nextInt(32))), false);
      case NOISE -> new FuzzCase<>(kind, FuzzCase.bytes(random, 1 + random.nextInt(64)), false);
    };
  }

  /** A good batch frame: function 1, sent along as random bytes, and two plain items. */
  private static byte[] goodBatch(Random random) {
    byte[] function = FuzzCase.bytes(random, 8 + random.nextInt(32));
    ByteBuffer payload = ByteBuffer.allocate(24 + function.length + 11).putInt(0).putInt(1).putInt(function.length)
        .put(function).putInt(-1).putInt(2).putInt(2).put((byte) 0).put((byte) 1).putInt(1).put((byte) 1).putInt(2);
    return FuzzCase.frame(BATCH, payload.array());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

}
