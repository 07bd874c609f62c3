/** Multipool's thread backend: platform threads, and virtual threads on JDK 21 and newer. */
module org.multipool.thread {
  requires org.multipool;

  provides org.multipool.spi.PoolBackend with
      org.multipool.thread.ThreadBackend,
      org.multipool.thread.VirtualThreadBackend;
}
