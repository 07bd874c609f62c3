package org.multipool.process.pool;

import java.lang.System.Logger;

/**
 * The logger of the process backend's pool side: {@code System.Logger} named {@value #NAME}, so
 * Multipool forces no logging library on anyone. By default it goes to {@code java.util.logging};
 * a {@code System.LoggerFinder} on the class path (SLF4J and Log4j ship one) sends it elsewhere.
 *
 * <pre>{@code
 * PoolLog.LOG.log(Level.WARNING, "Worker process {0} crashed", pid);
 * }</pre>
 */
final class PoolLog {
  static final String NAME = "org.multipool";
  static final Logger LOG = System.getLogger(NAME);

  private PoolLog() {}
}
