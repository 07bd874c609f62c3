/**
 * Multipool's API and backend SPI. Add a backend module to run work:
 * {@code org.multipool.thread} or {@code org.multipool.process}.
 */
module org.multipool {
  requires static jdk.jfr; // the pool's flight-recorder events, when the runtime has JFR
  requires static com.google.errorprone.annotations; // @GuardedBy, for the compiler only

  exports org.multipool;
  exports org.multipool.spi;
  exports org.multipool.spi.remote;

  uses org.multipool.spi.PoolBackend;
}
