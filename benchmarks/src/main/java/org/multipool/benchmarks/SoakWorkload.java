package org.multipool.benchmarks;

/**
 * One scenario's work on one backend, cut into steps so the soak can sample between them and stop
 * at its count or its time. Closing it closes every pool it opened.
 */
interface SoakWorkload extends AutoCloseable {

  /**
   * Does one step and checks its results.
   *
   * @return how many operations the step did (tasks, items, results or cycles)
   * @throws Exception if the pool failed or answered wrongly: the scenario fails
   */
  long step() throws Exception;

  @Override
  void close();
}
