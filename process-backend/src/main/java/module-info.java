/** Multipool's process backend: tasks run in worker JVMs that the pool starts and watches. */
module org.multipool.process {
  requires org.multipool;

  provides org.multipool.spi.PoolBackend with
      org.multipool.process.ProcessBackend;
}
