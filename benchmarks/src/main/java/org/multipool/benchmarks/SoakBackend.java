package org.multipool.benchmarks;

import java.util.List;
import org.multipool.Pool;

/**
 * The two backends every scenario runs on: worker JVMs, where a leak would hide in pipes, sockets
 * and replaced processes, and threads, the default most users run.
 *
 * <p>Worker JVMs get a fixed heap that is resident from their start ({@link #WORKER_JVM_OPTIONS}).
 * With the default heap, a worker's resident memory grows as the collector touches the heap it
 * committed at start (1/64 of the machine's memory) for the first time, and then stays there
 * (measured: from 100 to 300 MB over the first 15 to 20 seconds of {@code submit}s on a 24 GB
 * machine): growth that says nothing about Multipool, and that would hide a leak of that size. With the heap resident from the start, resident memory shows what grows outside
 * the heap (threads, buffers, code), and objects leaking inside a worker's heap end in an
 * {@code OutOfMemoryError}, which exits the worker and fails the soak with
 * {@link org.multipool.WorkerCrashedException}.
 */
enum SoakBackend {
  PROCESSES("processes") {
    @Override
    Pool open(int workers) {
      return Pool.builder().processes(workers).jvmOptions(WORKER_JVM_OPTIONS.toArray(new String[0])).build();
    }
  },
  THREADS("threads") {
    @Override
    Pool open(int workers) {
      return Pool.threads(workers);
    }
  };

  /** The worker JVMs' heap: fixed, and touched in full before the worker's {@code main}. */
  static final List<String> WORKER_JVM_OPTIONS = List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch");

  /** Two workers in every scenario: enough for work to move between them, little for two cores. */
  static final int WORKERS = 2;

  private final String label;

  SoakBackend(String label) {
    this.label = label;
  }

  /** Opens a pool of this backend with {@code workers} workers. */
  abstract Pool open(int workers);

  /** Whether the pool's workers are child JVMs whose memory can be measured. */
  boolean hasWorkerJvms() {
    return this == PROCESSES;
  }

  String label() {
    return label;
  }
}
