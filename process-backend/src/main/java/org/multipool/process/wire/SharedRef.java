package org.multipool.process.wire;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a shared queue's or map's handle becomes when it is serialized: the object's id and what a
 * proxy needs to know. Deserialized in the pool's JVM it is the handle again; in a worker JVM it
 * is a proxy that calls the pool over the worker's connection.
 *
 * @param id the object's id, unique across JVMs
 * @param queue whether it is a queue, or else a map
 * @param capacity a queue's capacity
 * @param description what the object's {@code toString()} says
 */
public record SharedRef(String id, boolean queue, int capacity, String description) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The handles of the open objects of every pool in this JVM, by id. */
  private static final Map<String, Object> OPEN = new ConcurrentHashMap<>();
  /** Makes proxies; set in a worker JVM. */
  private static volatile Function<SharedRef, Object> proxies;

  /** Makes {@code handle} what a reference to {@code id} turns into in this JVM. */
  public static void open(String id, Object handle) {
    OPEN.put(id, handle);
  }

  /** Forgets the handle of {@code id}, whose pool ended. */
  public static void closed(String id) {
    OPEN.remove(id);
  }

  /** Called once in a worker JVM: references that are not this JVM's own turn into these proxies. */
  public static void useProxies(Function<SharedRef, Object> maker) {
    proxies = maker;
  }

  private Object readResolve() throws ObjectStreamException {
    Object open = OPEN.get(id);
    if (open != null) {
      return open;
    }
    Function<SharedRef, Object> maker = proxies;
    if (maker != null) {
      return maker.apply(this);
    }
    throw new InvalidObjectException(description + " can be used in its pool's JVM and by the pool's tasks,"
        + " and this JVM is neither, or its pool has ended");
  }
}
