package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Workers' output reaches this JVM a whole line at a time. */
class LineForwarderTest {
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private final PrintStream target = new PrintStream(seen, true, StandardCharsets.UTF_8);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void write(LineForwarder forwarder, String text) {
    byte[] bytes = bytes(text);
    forwarder.write(bytes, 0, bytes.length);
  }

  private String seen() {
    return seen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLineInPieces_isNotBrokenByAnotherWorkersLine() {
    LineForwarder one = new LineForwarder(() -> target);
    LineForwarder two = new LineForwarder(() -> target);
    write(one, "  worker ");
    write(two, "  worker 2, cubes: 2^3 = 8\n");
    write(one, "1, squares: 3^2 = 9\n");
    assertThat(seen()).isEqualTo("  worker 2, cubes: 2^3 = 8\n  worker 1, squares: 3^2 = 9\n");
  }

  @Test
  void whatFollowsTheLastLineEnd_waitsForItsLine_orForTheFlush() {
    LineForwarder one = new LineForwarder(() -> target);
    write(one, "first\nsecond, cut");
    assertThat(seen()).isEqualTo("first\n");
    write(one, " short\nthird");
    assertThat(seen()).isEqualTo("first\nsecond, cut short\n");
    one.flush();
    assertThat(seen()).isEqualTo("first\nsecond, cut short\nthird");
  }

  @Test
  void aCarriageReturnEndsALine_asProgressBarsRedraw() {
    LineForwarder one = new LineForwarder(() -> target);
    write(one, "10%\r20%\r");
    assertThat(seen()).isEqualTo("10%\r20%\r");
  }

  @Test
  void aLineLongerThanTheWaitingRoom_goesOutWithoutItsEnd() {
    LineForwarder one = new LineForwarder(() -> target);
    write(one, "x".repeat(10_000));
    assertThat(seen()).hasSize(10_000);
  }

  @Test
  void theTargetIsLookedUpForEveryLine() {
    ByteArrayOutputStream other = new ByteArrayOutputStream();
    PrintStream[] current = {target};
    LineForwarder one = new LineForwarder(() -> current[0]);
    write(one, "before\n");
    current[0] = new PrintStream(other, true, StandardCharsets.UTF_8);
    write(one, "after\n");
    assertThat(seen()).isEqualTo("before\n");
    assertThat(other.toString(StandardCharsets.UTF_8)).isEqualTo("after\n");
  }
}
