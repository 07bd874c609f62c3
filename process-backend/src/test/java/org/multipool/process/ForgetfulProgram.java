package org.multipool.process;

import java.util.List;
import org.multipool.Pool;

/**
 * A program that maps on a process pool and never closes it: it prints the pids of its workers,
 * then returns from {@code main}, or throws from it with the argument {@code throw}. Tests start it
 * as a JVM of its own and expect that JVM to exit, and its workers with it.
 */
public final class ForgetfulProgram {
  private ForgetfulProgram() {}

  public static void main(String[] args) throws Exception {
    Pool pool = Pool.processes(2);
    List<Long> pids = pool.map(x -> {
      Thread.sleep(200); // long enough that both workers take part
      return ProcessHandle.current().pid();
    }, List.of(1, 2, 3, 4), 1);
    pids.stream().distinct().forEach(pid -> System.out.println("WORKER " + pid));
    System.out.println("READY");
    System.out.flush();
    if (args.length > 0 && args[0].equals("throw")) {
      throw new IllegalStateException("main ends with an exception and the pool still open");
    }
  }
}
