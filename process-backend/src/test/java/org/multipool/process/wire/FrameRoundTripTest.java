package org.multipool.process.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame type, written by one side and read by the other, comes out as it went in. */
class FrameRoundTripTest {
  private final SocketPair sockets = SocketPair.open();
  private final FrameChannel pool = new FrameChannel(sockets.poolSide());
  private final FrameChannel worker = new FrameChannel(sockets.workerSide());

  @AfterEach
  void close() {
    sockets.close();
  }

  static Stream<CommandFrame> commands() {
    return Stream.of(
        new InitFrame(false, 0, new byte[0]),
        new InitFrame(true, 100_000_000, bytes("an initializer")),
        new InitFrame(false, Long.MAX_VALUE, new byte[0]),
        new BatchFrame(0, 7, ByteBuffer.wrap(bytes("a function")), -1, 3, 3, items(Values.RAW, 1, 2, 3)),
        new BatchFrame(12, 9, ByteBuffer.allocate(0), 4, 0, 1, items(Values.STREAM, 1)),
        new SkipFrame(5, 2, false),
        new SkipFrame(Integer.MAX_VALUE, 0, true),
        new TakeBackFrame(0),
        new TakeBackFrame(Integer.MAX_VALUE),
        new ByeFrame(),
        new SharedReplyFrame(3, SharedReplyFrame.Status.OK, bytes("an item")),
        new SharedReplyFrame(-7, SharedReplyFrame.Status.FAILED, bytes("an exception")),
        new SharedReplyFrame(0, SharedReplyFrame.Status.INTERRUPTED, new byte[0]));
  }

  static Stream<EventFrame> events() {
    byte[] secret = new byte[Protocol.SECRET_BYTES];
    Arrays.fill(secret, (byte) 0x5a);
    return Stream.of(
        new HelloFrame(3, secret),
        new ReadyFrame(),
        new InitFailedFrame(bytes("an exception")),
        new OutcomesFrame(4, 10, 2, Values.RAW, ByteBuffer.wrap(new byte[] {0, 0, 2})),
        new OutcomesFrame(0, 0, 1, Values.STREAM, ByteBuffer.wrap(bytes("a stream"))),
        new SkipAnswerFrame(6, 1),
        new GivenBackFrame(0),
        new GivenBackFrame(Integer.MAX_VALUE),
        new BegunFrame(0),
        new BegunFrame(Integer.MAX_VALUE),
        new SharedCallFrame(1, SharedOp.QUEUE_OFFER, Long.MAX_VALUE, "a queue/1", bytes("an item")),
        new SharedCallFrame(0, SharedOp.MAP_SNAPSHOT, 0, "", new byte[0]),
        new SharedCallFrame(9, SharedOp.QUEUE_RETURN, 0, "ünïcode id", new byte[] {0, 0, 0, 4}),
        new SharedCancelFrame(42));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommand_arrivesAsItWasSent(CommandFrame sent) throws IOException {
    sent.write(pool);
    assertSame(sent, CommandFrame.read(worker.receive()));
  }

  @ParameterizedTest
  @MethodSource("events")
  void everyEvent_arrivesAsItWasSent(EventFrame sent) throws IOException {
    sent.write(worker);
    assertSame(sent, EventFrame.read(pool.receive()));
  }

  @Test
  void anOutcomesFrameBuiltInPlace_readsBackItsCountAndBody() throws IOException {
    Bytes frame = new Bytes(64);
    OutcomesFrame.begin(frame, 8, 5, Values.RAW);
    frame.write(OutcomeStatus.OK.code());
    Values.writePlain(frame, "done");
    frame.write(OutcomeStatus.SKIPPED.code());
    OutcomesFrame.send(worker, frame, 2);

    OutcomesFrame read = (OutcomesFrame) EventFrame.read(pool.receive());
    assertThat(read.seq()).isEqualTo(8);
    assertThat(read.from()).isEqualTo(5);
    assertThat(read.count()).isEqualTo(2);
    ByteBuffer body = read.body();
    assertThat(OutcomeStatus.of(body.get())).isEqualTo(OutcomeStatus.OK);
    assertThat(Values.readPlain(body)).isEqualTo("done");
    assertThat(OutcomeStatus.of(body.get())).isEqualTo(OutcomeStatus.SKIPPED);
    assertThat(body.hasRemaining()).isFalse();
  }

  @Test
  void aHelloReadOffANewConnection_isCheckedWhole() throws IOException {
    byte[] secret = new byte[Protocol.SECRET_BYTES];
    new HelloFrame(1, secret).write(worker);
    ByteBuffer whole = ByteBuffer.allocate(HelloFrame.FRAME);
    while (whole.hasRemaining()) {
      sockets.poolSide().read(whole);
    }
    assertThat(HelloFrame.readFrame(whole.flip()).worker()).isEqualTo(1);

    ByteBuffer notAHello = ByteBuffer.allocate(HelloFrame.FRAME).putInt(HelloFrame.FRAME - 4)
        .put(Protocol.Command.BATCH.code).flip();
    notAHello.limit(HelloFrame.FRAME);
    assertThatThrownBy(() -> HelloFrame.readFrame(notAHello)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not a hello");
  }

  @Test
  void sharedFramesThatMakeNoSense_breakTheProtocol() throws IOException {
    worker.send(Protocol.Event.SHARED_CALL.code, ByteBuffer.allocate(15).putInt(1).put((byte) 99).putLong(0)
        .putShort((short) 0).flip());
    assertThatThrownBy(() -> EventFrame.read(pool.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Unknown shared-object call 99");
    worker.send(Protocol.Event.SHARED_CALL.code, ByteBuffer.allocate(15).putInt(1).put((byte) 0).putLong(-1)
        .putShort((short) 0).flip());
    assertThatThrownBy(() -> EventFrame.read(pool.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("waits -1 ns");
    worker.send(Protocol.Event.SHARED_CALL.code, ByteBuffer.allocate(15).putInt(1).put((byte) 0).putLong(0)
        .putShort((short) 500).flip());
    assertThatThrownBy(() -> EventFrame.read(pool.receive())).isInstanceOf(ProtocolException.class);
    pool.send(Protocol.Command.SHARED_REPLY.code, ByteBuffer.allocate(5).putInt(1).put((byte) 7).flip());
    assertThatThrownBy(() -> CommandFrame.read(worker.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("status 7");
  }

  @Test
  void initFramesThatMakeNoSense_breakTheProtocol() throws IOException {
    pool.send(Protocol.Command.INIT.code, ByteBuffer.allocate(8).putInt(0).putInt(0).flip()); // the old layout
    assertThatThrownBy(() -> CommandFrame.read(worker.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("at least 16 bytes");
    pool.send(Protocol.Command.INIT.code, ByteBuffer.allocate(16).putInt(0).putLong(-1).putInt(0).flip());
    assertThatThrownBy(() -> CommandFrame.read(worker.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("cancel grace is -1 ns");
    pool.send(Protocol.Command.INIT.code, ByteBuffer.allocate(18).putInt(0).putLong(0).putInt(3).put((byte) 1)
        .put((byte) 2).flip());
    assertThatThrownBy(() -> CommandFrame.read(worker.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("initializer's length is 3");
    pool.send(Protocol.Command.INIT.code, ByteBuffer.allocate(19).putInt(0).putLong(0).putInt(1).put((byte) 1)
        .put((byte) 2).put((byte) 3).flip());
    assertThatThrownBy(() -> CommandFrame.read(worker.receive())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("must carry 1 bytes but carried 3");
  }

  @Test
  void anInitFrame_refusesANegativeGrace() {
    assertThatThrownBy(() -> new InitFrame(false, -1, new byte[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 ns");
  }

  @Test
  void theOtherSideClosing_isAnEndOfFile() {
    worker.close();
    assertThatThrownBy(pool::receive).isInstanceOf(EOFException.class);
  }

  /** Frames with buffers compare by their bytes, the rest as records. */
  private static void assertSame(Object sent, Object read) {
    assertThat(read).usingRecursiveComparison()
        .withEqualsForType((a, b) -> a.duplicate().equals(b.duplicate()), ByteBuffer.class)
        .isEqualTo(sent);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ByteBuffer items(byte format, int... values) {
    Bytes section = new Bytes(64);
    section.write(format);
    for (int value : values) {
      Values.writePlain(section, value);
    }
    return ByteBuffer.wrap(section.toByteArray());
  }
}
