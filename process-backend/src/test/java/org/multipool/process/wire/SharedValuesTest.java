package org.multipool.process.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multipool.SerializationException;

/** Values of shared-object calls: plain ones raw, the rest in a codec stream, and clear failures. */
class SharedValuesTest {
  private final Codec codec = JavaSerialization.INSTANCE;
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void plainValues_travelRaw_andComeBackEqual() {
    byte[] bytes = SharedValues.encode(codec, "values", 7, "seven", 7L, true, null);
    assertThat(bytes[0]).isEqualTo(Values.RAW);
    assertThat(SharedValues.decode(codec, bytes, loader, 5)).containsExactly(7, "seven", 7L, true, null);
  }

  @Test
  void otherValues_travelInACodecStream() {
    byte[] bytes = SharedValues.encode(codec, "values", "key", List.of(1, 2), Map.of("a", 1));
    assertThat(bytes[0]).isEqualTo(Values.STREAM);
    assertThat(SharedValues.decode(codec, bytes, loader, 3)).containsExactly("key", List.of(1, 2), Map.of("a", 1));
  }

  @Test
  void aValueThatCannotBeSerialized_namesItsClass() {
    assertThatThrownBy(() -> SharedValues.encode(codec, "an item of class Thread", Thread.currentThread()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot send an item of class Thread to another JVM")
        .hasMessageContaining("java.lang.Thread is not serializable");
  }

  @Test
  void bytesThatAreNeitherFormat_failClearly() {
    assertThatThrownBy(() -> SharedValues.decodeOne(codec, new byte[] {9, 1, 2}, loader))
        .isInstanceOf(SerializationException.class).hasMessageContaining("neither RAW nor STREAM");
    assertThatThrownBy(() -> SharedValues.decodeOne(codec, new byte[0], loader))
        .isInstanceOf(SerializationException.class);
  }
}
