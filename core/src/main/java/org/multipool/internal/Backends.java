package org.multipool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.multipool.spi.PoolBackend;

/** Finds a backend by id with {@link ServiceLoader}. */
final class Backends {
  private Backends() {}

  static PoolBackend find(String id) {
    List<String> found = new ArrayList<>();
    for (ClassLoader loader : loaders()) {
      try {
        for (PoolBackend backend : ServiceLoader.load(PoolBackend.class, loader)) {
          if (backend.id().equals(id)) {
            return backend;
          }
          found.add(backend.id());
        }
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("A Multipool backend on the class path is broken: " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("No Multipool backend for '" + id + "' on the class path. Add the"
        + " dependency org.multipool:" + artifactFor(id) + " to use it."
        + (found.isEmpty() ? "" : " Backends found: " + String.join(", ", found) + "."));
  }

  static String artifactFor(String id) {
    switch (id) {
      case "processes":
        return "multipool-process-backend";
      case "cluster":
        return "multipool-cluster-backend";
      default:
        return "multipool-thread-backend";
    }
  }

  private static List<ClassLoader> loaders() {
    List<ClassLoader> loaders = new ArrayList<>(2);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    ClassLoader own = Backends.class.getClassLoader();
    if (own != context) {
      loaders.add(own);
    }
    return loaders;
  }
}
