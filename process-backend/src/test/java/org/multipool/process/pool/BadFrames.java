package org.multipool.process.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.multipool.process.wire.FuzzCase;

/**
 * Frames a misbehaving worker might send the pool after it said ready and took batch 0 (one item),
 * drawn at random from a seed: each kind of fault the pool must survive.
 */
final class BadFrames {
  private static final byte OUTCOMES = 4;
  private static final byte SKIP_ANSWER = 5;
  private static final byte GIVEN_BACK = 8;
  private static final byte BEGUN = 9;

  /** The faults. */
  enum Kind {
    /** A good outcomes frame, cut short by the end of the stream. */
    TRUNCATED,
    /** A length of zero, a negative one, or one past the protocol's limit. */
    BAD_LENGTH,
    /** A huge length with a few bytes behind it, then the end of the stream. */
    HUGE_CLAIM,
    /** A kind no frame has. */
    UNKNOWN_KIND,
    /** A frame the worker may send only before it is ready. */
    WRONG_TIME,
    /** Outcomes for a batch or items the worker was never sent. */
    NEVER_SENT,
    /** An outcome whose status, format or count the protocol does not have. */
    BAD_OUTCOME,
    /** A plain value that runs past its frame, has an unknown tag, or is followed by stray bytes. */
    BAD_VALUE,
    /** A skip answer of the wrong length or with a negative item. */
    BAD_SKIP_ANSWER,
    /** A batch given back that the pool never asked back, or a give-back of the wrong length. */
    UNASKED_GIVE_BACK,
    /** A batch said to begin that is not the one at the head, or a begun frame of the wrong length. */
    BAD_BEGUN,
    /** Outcomes in a codec stream that is not one, ends before its count, or has bytes after it. */
    BAD_STREAM,
    /** Random bytes. */
    NOISE
  }


  private BadFrames() {}

  static FuzzCase<Kind> next(Random random) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return switch (kind) {
      case TRUNCATED -> {
        byte[] good = goodOutcome(random);
        yield new FuzzCase<>(kind, Arrays.copyOf(good, random.nextInt(good.length)), false);
      }
      case BAD_LENGTH -> {
        yield new FuzzCase<>(kind, FuzzCase.frame(FuzzCase.badLength(random), OUTCOMES, new byte[0]), true);
      }
      case HUGE_CLAIM -> {
        byte[] few = new byte[random.nextInt(64)];
        random.nextBytes(few);
        yield new FuzzCase<>(kind, FuzzCase.frame(FuzzCase.hugeLength(random), OUTCOMES, few), false);
      }
      case UNKNOWN_KIND -> {
        byte unknown = (byte) (10 + random.nextInt(246)); // 1 to 9 are events
        if (random.nextBoolean()) {
          unknown = (byte) -random.nextInt(129);
        }
        yield new FuzzCase<>(kind, FuzzCase.frame(unknown, FuzzCase.bytes(random, 16)), true);
      }
      case WRONG_TIME -> {
        byte early = (byte) (1 + random.nextInt(3)); // hello, ready, init failed
        yield new FuzzCase<>(kind, FuzzCase.frame(early, early == 2 ? new byte[0] : FuzzCase.bytes(random, 48)), true);
      }
      case NEVER_SENT -> {
        int seq = 0;
        int from = 0;
        int count = 1;
        switch (random.nextInt(3)) {
          case 0 -> seq = 1 + random.nextInt(Integer.MAX_VALUE);
          case 1 -> from = 1 + random.nextInt(1000);
          default -> count = 2 + random.nextInt(10);
        }
        ByteBuffer payload = ByteBuffer.allocate(13 + 6 * count).putInt(seq).putInt(from).putInt(count).put((byte) 0);
        for (int i = 0; i < count; i++) {
          payload.put((byte) 0).put((byte) 1).putInt(i); // OK, INT i
        }
        yield new FuzzCase<>(kind, FuzzCase.frame(OUTCOMES, payload.array()), true);
      }
      case BAD_OUTCOME -> {
        ByteBuffer payload = ByteBuffer.allocate(19).putInt(0).putInt(0);
        switch (random.nextInt(4)) {
          case 0 -> payload.putInt(1).put((byte) 0).put((byte) (4 + random.nextInt(120))).put((byte) 1).putInt(7);
          case 1 -> payload.putInt(1).put((byte) (2 + random.nextInt(120))).put((byte) 0).put((byte) 1).putInt(7);
          case 2 -> payload.putInt(0).put((byte) 0).put((byte) 0).put((byte) 1).putInt(7);
          default -> payload.putInt(100 + random.nextInt(Integer.MAX_VALUE - 100)).put((byte) 0).put((byte) 0)
              .put((byte) 1).putInt(7);
        }
        yield new FuzzCase<>(kind, FuzzCase.frame(OUTCOMES, payload.array()), true);
      }
      case BAD_VALUE -> {
        ByteBuffer payload = ByteBuffer.allocate(64).putInt(0).putInt(0).putInt(1).put((byte) 0).put((byte) 0);
        switch (random.nextInt(3)) {
          case 0 -> payload.put((byte) 4).putInt(1000 + random.nextInt(1 << 20)).put((byte) 'x'); // a long string cut short
          case 1 -> payload.put((byte) (8 + random.nextInt(100))).putInt(7); // an unknown tag
          default -> payload.put((byte) 1).putInt(7).put(FuzzCase.bytes(random, 1 + random.nextInt(8))); // stray bytes
        }
        yield new FuzzCase<>(kind, FuzzCase.frame(OUTCOMES, Arrays.copyOf(payload.array(), payload.position())), true);
      }
      case BAD_SKIP_ANSWER -> {
        byte[] payload = random.nextBoolean()
            ? FuzzCase.bytes(random, random.nextInt(8))
            : ByteBuffer.allocate(8).putInt(0).putInt(-1 - random.nextInt(Integer.MAX_VALUE)).array();
        yield new FuzzCase<>(kind, FuzzCase.frame(SKIP_ANSWER, payload), true);
      }
      case UNASKED_GIVE_BACK -> {
        byte[] payload = random.nextBoolean()
            ? ByteBuffer.allocate(4).putInt(random.nextInt(3)).array() // batch 0 is held, but was never asked back
            : FuzzCase.bytes(random, random.nextBoolean() ? random.nextInt(4) : 5 + random.nextInt(8));
        yield new FuzzCase<>(kind, FuzzCase.frame(GIVEN_BACK, payload), true);
      }
      case BAD_BEGUN -> {
        byte[] payload = random.nextBoolean()
            ? ByteBuffer.allocate(4).putInt(1 + random.nextInt(Integer.MAX_VALUE)).array() // batch 0 is the head
            : FuzzCase.bytes(random, random.nextBoolean() ? random.nextInt(4) : 5 + random.nextInt(8));
        yield new FuzzCase<>(kind, FuzzCase.frame(BEGUN, payload), true);
      }
      case BAD_STREAM -> {
        byte[] stream = objectStream(random.nextInt(3), random);
        ByteBuffer payload = ByteBuffer.allocate(13 + stream.length).putInt(0).putInt(0)
            .putInt(1).put((byte) 1).put(stream);
        yield new FuzzCase<>(kind, FuzzCase.frame(OUTCOMES, payload.array()), true);
      }
      case NOISE -> new FuzzCase<>(kind, FuzzCase.bytes(random, 1 + random.nextInt(64)), false);
    };
  }

  /**
   * A codec stream that cannot be the one outcome its frame claims: not a stream at all, a stream
   * with no outcome in it, or one outcome followed by stray bytes.
   */
  private static byte[] objectStream(int how, Random random) {
    if (how == 0) {
      return FuzzCase.bytes(random, 4 + random.nextInt(20));
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ObjectOutputStream out = new ObjectOutputStream(bytes);
      if (how == 1) {
        out.flush();
        return bytes.toByteArray();
      }
      out.writeByte(0); // OK
      out.writeByte(7); // an object
      out.writeObject(java.util.List.of(random.nextInt()));
      out.flush();
      out.writeByte(random.nextInt());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid outcomes frame for item 0 of batch 0: a string, so that its cuts fall inside a value too. */
  private static byte[] goodOutcome(Random random) {
    byte[] text = new byte[random.nextInt(40)];
    Arrays.fill(text, (byte) 'a');
    ByteBuffer payload = ByteBuffer.allocate(19 + text.length).putInt(0).putInt(0).putInt(1).put((byte) 0)
        .put((byte) 0).put((byte) 4).putInt(text.length).put(text);
    return FuzzCase.frame(OUTCOMES, payload.array());
  }

}
