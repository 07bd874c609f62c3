package org.multipool.testkit;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The threads of this JVM that ran tasks, by key; tasks in worker JVMs record into their own JVM. */
public final class TaskThreads {
  private static final Map<String, Set<Thread>> SEEN = new ConcurrentHashMap<>();

  private TaskThreads() {}

  /** Records the calling thread under {@code key}; returns {@code key}, so a task can return it. */
  public static String record(String key) {
    SEEN.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
    return key;
  }

  public static Collection<Thread> of(String key) {
    return SEEN.getOrDefault(key, Set.of());
  }
}
