package org.multipool.process.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a frame channel does with lengths that lie. */
class FrameChannelTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final SocketPair sockets = SocketPair.open();
  private final FrameChannel reader = new FrameChannel(sockets.poolSide());

  @AfterEach
  void close() {
    sockets.close();
  }

  @Test
  void aHugeClaimedLength_withFewBytesBehindIt_allocatesOnlyWhatArrived() throws IOException {
    ByteBuffer lie = ByteBuffer.allocate(5 + 100).putInt(Protocol.MAX_FRAME).put((byte) 4).put(new byte[100]).flip();
    while (lie.hasRemaining()) {
      sockets.workerSide().write(lie);
    }
    sockets.workerSide().close();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(reader::receive).isInstanceOf(EOFException.class);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated for a frame claiming 2 GB").isLessThan(1024 * 1024);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aLargeFrame_arrivesWhole() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    Thread writer = new Thread(() -> {
      try {
        new FrameChannel(sockets.workerSide()).send((byte) 4, ByteBuffer.wrap(payload));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "frame-writer");
    writer.start();
    FrameChannel.Frame frame = reader.receive();
    assertThat(frame.kind()).isEqualTo((byte) 4);
    assertThat(frame.payload()).isEqualTo(payload);
    writer.join(10_000);
    assertThat(writer.isAlive()).isFalse();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void framesInARow_eachArriveWhole_andOnesThatFitAnEarlierBuffer_allocateNone() throws Exception {
    int large = 512 * 1024;
    byte[][] payloads = {pattern(large, 1), pattern(large - 100, 2), pattern(10, 3), pattern(large, 4)};
    FrameChannel writerSide = new FrameChannel(sockets.workerSide());
    Thread writer = new Thread(() -> {
      try {
        for (byte[] payload : payloads) {
          writerSide.send((byte) 4, ByteBuffer.wrap(payload));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "frame-writer");
    writer.start();
    assertThat(reader.receive().payload()).isEqualTo(payloads[0]);
    for (int i = 1; i < payloads.length; i++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      FrameChannel.Frame frame = reader.receive();
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      assertThat(allocated).as("bytes allocated for frame %d", i).isLessThan(large / 4);
      assertThat(frame.payload()).as("frame %d", i).isEqualTo(payloads[i]);
      assertThat(frame.buffer().remaining()).isEqualTo(payloads[i].length);
    }
    writer.join(10_000);
    assertThat(writer.isAlive()).isFalse();
  }

  private static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE, Protocol.MAX_FRAME + 1})
  void aLengthOutsideTheProtocol_isRefused(int length) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(5).putInt(length).put((byte) 4).flip();
    sockets.workerSide().write(header);
    assertThatThrownBy(reader::receive).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("claims a length of " + length);
  }
}
