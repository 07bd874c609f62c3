package org.multipool.testkit;

import org.multipool.spi.PoolBackend;
import org.multipool.spi.PoolConfig;
import org.multipool.spi.WorkSource;
import org.multipool.spi.WorkerGroup;

/** A backend whose workers can never start, as when a worker JVM's options are wrong. */
public final class CannotStartBackend implements PoolBackend {
  public static final String ID = "cannot-start";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public WorkerGroup start(PoolConfig config, WorkSource work) {
    throw new IllegalStateException("Error: Could not create the Java Virtual Machine.");
  }
}
