package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The system property {@code multipool.cancelGrace}: a duration or milliseconds, 100 ms if unset. */
class CancelGraceTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void unset_isTheDefaultOf100Milliseconds(String value) {
    assertThat(CancelGrace.parse(value)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @ParameterizedTest
  @CsvSource({
      "PT0.5S, 500000000",
      "pt2s, 2000000000",
      "PT0S, 0",
      "250, 250000000",
      "' 40 ', 40000000",
      "0, 0",
      "+7, 7000000"})
  void aDurationOrMilliseconds_isRead(String value, long nanos) {
    assertThat(CancelGrace.parse(value)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-1", "PT-0.1S", "-PT1S", "1.5", "100ms", "+", "9223372036854775807",
      "PT9999999999H"})
  void anythingElse_isAnIllegalArgument_thatSaysWhatIsExpected(String value) {
    assertThatThrownBy(() -> CancelGrace.parse(value))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("System property multipool.cancelGrace is '" + value + "', but must be")
        .hasMessageContaining("a duration such as PT0.5S, or a whole number of milliseconds, 0 or more");
  }
}
