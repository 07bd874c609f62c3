package org.multipool.examples;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multipool.MapFuture;

/**
 * A one-line progress bar on the terminal, redrawn in place and wiped when closed. Off when
 * standard output is not a terminal, so redirected output and test logs stay clean.
 *
 * <p>Written here rather than taken from a library: the well-kept ones bring a terminal library
 * (JLine) with them, for what is one line redrawn with {@code '\r'}; the README says more.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.start("threads(4)", items.size(), true)) {
 *   List<Long> results = bar.follow(pool.mapAsync(task, items));   // a map's own progress
 * }
 * }</pre>
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000;

  private final PrintStream out; // null when the bar is off
  private final String label;
  private final long total;
  private long done;
  private long lastDraw;
  private int drawnLength;

  private ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /**
   * Shows a bar for {@code total} steps, if {@code wanted} and the console is a terminal. Drawn on
   * {@code System.err}, so that it never ends up among the results on {@code System.out}.
   */
  static ProgressBar start(String label, long total, boolean wanted) {
    ProgressBar bar = new ProgressBar(wanted && onTerminal() ? System.err : null, label, total);
    bar.draw();
    return bar;
  }

  /**
   * Draws a map's progress until it completes, from its {@link MapFuture#completed()} count, and
   * returns its results. Call from one thread.
   *
   * @throws ExecutionException if the map failed
   */
  <R> List<R> follow(MapFuture<R> map) throws InterruptedException, ExecutionException {
    long before = done;
    while (true) {
      try {
        List<R> results = map.get(REDRAW_NANOS, TimeUnit.NANOSECONDS);
        done = before + map.total();
        draw();
        return results;
      } catch (TimeoutException e) { // not done yet: time to redraw
        done = before + map.completed();
        draw();
      }
    }
  }

  /** Counts one step done; redraws at most ten times a second. Call from one thread. */
  void step() {
    done++;
    if (out != null && (done == total || System.nanoTime() - lastDraw >= REDRAW_NANOS)) {
      draw();
    }
  }

  /** How many steps are done. */
  long done() {
    return done;
  }

  @Override
  public void close() {
    if (out != null) {
      out.print("\r" + " ".repeat(drawnLength) + "\r");
      out.flush();
    }
  }

  private void draw() {
    if (out == null) {
      return;
    }
    int filled = (int) (WIDTH * done / Math.max(1, total));
    String line = String.format("  %-34s [%s%s] %,d/%,d", label, "#".repeat(filled), "-".repeat(WIDTH - filled),
        done, total);
    out.print("\r" + line);
    out.flush();
    drawnLength = line.length();
    lastDraw = System.nanoTime();
  }

  /**
   * Whether the streams are a terminal. Before JDK 22 that is {@code System.console() != null};
   * from JDK 22 there is always a console, and {@code Console.isTerminal()} tells.
   */
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
