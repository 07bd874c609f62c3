package org.multipool.testkit;

/** Per-worker state an initializer sets and tasks read: per thread, so each worker has its own. */
public final class WorkerState {
  private static final ThreadLocal<String> VALUE = new ThreadLocal<>();

  private WorkerState() {}

  public static void set(String value) {
    VALUE.set(value);
  }

  public static String get() {
    return VALUE.get();
  }
}
