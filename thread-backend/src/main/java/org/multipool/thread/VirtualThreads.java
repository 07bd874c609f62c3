package org.multipool.thread;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ThreadFactory;

/**
 * Reaches {@code Thread.ofVirtual()} from Java 17 bytecode. Only this class knows that it goes
 * through reflection; everything else sees a {@link ThreadFactory}.
 */
final class VirtualThreads {
  private VirtualThreads() {}

  static ThreadFactory factory() {
    Object builder;
    try {
      builder = Thread.class.getMethod("ofVirtual").invoke(null);
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException("Virtual threads need JDK 21 or newer, but this JVM is "
          + Runtime.version(), e);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Could not create a virtual thread builder", e);
    }
    try {
      return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not create a virtual thread factory", e);
    }
  }
}
