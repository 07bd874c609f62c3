package org.multipool.process;

import java.util.List;
import org.multipool.Pool;

/**
 * A program that uses a process pool, for tests that start it as a JVM of its own: it prints the
 * pids of its workers, one of them stuck in a long task, then waits to be killed.
 */
public final class ParentProgram {
  private ParentProgram() {}

  public static void main(String[] args) throws Exception {
    Pool pool = Pool.processes(2);
    List<Long> pids = pool.map(x -> {
      Thread.sleep(200); // long enough that both workers take part
      return ProcessHandle.current().pid();
    }, List.of(1, 2, 3, 4), 1);
    pids.stream().distinct().forEach(pid -> System.out.println("WORKER " + pid));
    pool.submit(() -> {
      Thread.sleep(600_000); // busy when the parent dies
      return null;
    });
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(600_000);
  }
}
