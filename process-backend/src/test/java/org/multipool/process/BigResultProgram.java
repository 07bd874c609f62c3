package org.multipool.process;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.multipool.Pool;

/**
 * A caller with a small heap whose tasks return results larger than it can hold: tests run it as a
 * JVM of its own, with {@code -Xmx256m}, and read what it prints. Each argument is the size in MB of
 * one result to ask for; after each, a small task must still be answered.
 */
public final class BigResultProgram {
  private BigResultProgram() {}

  public static void main(String[] args) throws Exception {
    try (Pool pool = Pool.builder().processes(1).jvmOptions("-Xmx3g").build()) {
      for (String arg : args) {
        int megabytes = Integer.parseInt(arg);
        try {
          byte[] result = pool.submit(() -> new byte[megabytes << 20]).get(120, TimeUnit.SECONDS);
          System.out.println("GOT " + result.length);
        } catch (ExecutionException e) {
          System.out.println("FAILED " + e.getCause().getClass().getSimpleName() + ": "
              + e.getCause().getMessage().replace('\n', ' '));
        }
        System.out.println("NEXT " + pool.submit(() -> 42).get(60, TimeUnit.SECONDS));
      }
      System.out.println("MAP " + pool.map(x -> x + 1, List.of(1, 2, 3, 4, 5, 6, 7, 8)).size());
      System.out.println("LOST " + pool.stats().workersLost());
    }
    System.out.println("CLOSED");
  }
}
