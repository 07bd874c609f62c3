package org.multipool.process.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void everyKindOfValue_comesBackEqual_inOneStream() throws Exception {
    List<Object> values = Arrays.asList(null, 0, -1, Integer.MIN_VALUE, Long.MAX_VALUE, 3L, 2.5, Double.NaN,
        true, false, "", "héllo ✓", "x".repeat(21_845), "y".repeat(21_846), new BigInteger("123456789012345678901"),
        List.of(1, 2), new int[] {1, 2, 3}, (short) 7, 'c', 1.5f, new byte[0], bytes(100_000), "ü".repeat(100_000));

    List<Object> back = roundTrip(values);

    assertThat(back).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object expected = values.get(i);
      if (expected instanceof int[]) {
        assertThat((int[]) back.get(i)).containsExactly((int[]) expected);
      } else if (expected instanceof byte[]) {
        assertThat((byte[]) back.get(i)).isEqualTo((byte[]) expected);
      } else {
        assertThat(back.get(i)).as("value %d", i).isEqualTo(expected);
        assertThat(back.get(i) == null ? null : back.get(i).getClass())
            .isEqualTo(expected == null ? null : expected.getClass());
      }
    }
  }

  @Test
  void plainValues_comeBackEqual_fromARawSection() throws Exception {
    List<Object> values = Arrays.asList(null, 0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, -0.0, Double.NaN,
        Double.POSITIVE_INFINITY, true, false, "", "héllo ✓ 😀", "z".repeat(100_000), new byte[0], bytes(100_000));
    Bytes bytes = new Bytes(16);
    for (Object value : values) {
      Values.writePlain(bytes, value);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());
    List<Object> back = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      back.add(Values.readPlain(in));
    }
    int arrays = 2; // the byte arrays at the end, which equals() cannot compare
    assertThat(back.subList(0, back.size() - arrays)).isEqualTo(values.subList(0, values.size() - arrays));
    assertThat((byte[]) back.get(back.size() - 2)).isEmpty();
    assertThat((byte[]) back.get(back.size() - 1)).isEqualTo(bytes(100_000));
    assertThat(in.remaining()).isZero();
  }

  @Test
  void rawSection_refusesWhatIsNotPlain_andReportsCorruption() {
    assertThatThrownBy(() -> Values.writePlain(new Bytes(16), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not plain");
    assertThatThrownBy(() -> Values.readPlain(ByteBuffer.wrap(new byte[] {42})))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("Unknown plain value tag 42");
    assertThatThrownBy(() -> Values.readPlain(ByteBuffer.wrap(new byte[] {4, 0, 0, 0, 9, 'a'})))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("A value of 9 bytes where 1 are left");
    assertThatThrownBy(() -> Values.readPlain(ByteBuffer.wrap(new byte[] {8, 0, 0, 0, 2, 'a'})))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("A value of 2 bytes where 1 are left");
    assertThatThrownBy(() -> Values.readPlain(ByteBuffer.wrap(new byte[] {8, -1, -1, -1, -1})))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("A value of -1 bytes");
  }

  @Test
  void isPlain_onlyForWhatIsWrittenWithoutSerialization() {
    assertThat(Values.isPlain(null)).isTrue();
    assertThat(Values.isPlain(1)).isTrue();
    assertThat(Values.isPlain(1L)).isTrue();
    assertThat(Values.isPlain(1.0)).isTrue();
    assertThat(Values.isPlain(true)).isTrue();
    assertThat(Values.isPlain("x".repeat(1_000_000))).isTrue();
    assertThat(Values.isPlain(new byte[100_000])).isTrue();
    assertThat(Values.isPlain(new int[1])).isFalse();
    assertThat(Values.isPlain((short) 1)).isFalse();
    assertThat(Values.isPlain(List.of())).isFalse();
  }

  @Test
  void plainIntegers_takeFiveBytesEach() throws Exception {
    List<Object> thousand = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      thousand.add(i * 1_000_003);
    }
    int size = encode(thousand).length;
    // 5 bytes per value, plus the stream header and a block header per 1,024 bytes
    assertThat(size).isBetween(5_000, 5_000 + 64);
  }

  @Test
  void unknownTag_isReportedAsCorruption() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutput out = JavaSerialization.INSTANCE.output(bytes)) {
      out.writeByte(99);
    }
    try (ObjectInput in = JavaSerialization.INSTANCE.input(new ByteArrayInputStream(bytes.toByteArray()), null)) {
      assertThatThrownBy(() -> Values.read(in)).isInstanceOf(ProtocolException.class)
          .hasMessageContaining("Unknown value tag 99");
    }
  }

  @Test
  void aByteArray_travelsAsItsOwnBytes_withoutSerializationsOverhead() throws Exception {
    int size = encode(Arrays.asList(bytes(100_000))).length;
    // tag and length, plus the stream header and a block header per 1,024 bytes
    assertThat(size).isBetween(100_005, 100_005 + 64 + 5 * 100);
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    return bytes;
  }

  private static byte[] encode(List<Object> values) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutput out = JavaSerialization.INSTANCE.output(bytes)) {
      for (Object value : values) {
        Values.write(out, value);
      }
    }
    return bytes.toByteArray();
  }

  private static List<Object> roundTrip(List<Object> values) throws Exception {
    List<Object> back = new ArrayList<>();
    try (ObjectInput in = JavaSerialization.INSTANCE.input(new ByteArrayInputStream(encode(values)), null)) {
      for (int i = 0; i < values.size(); i++) {
        back.add(Values.read(in));
      }
    }
    return back;
  }
}
