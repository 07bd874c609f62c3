package org.multipool.process.wire;

/**
 * The calls a task on a worker JVM makes on a shared object that lives in the pool's JVM, as a
 * {@link SharedCallFrame} names them. A queue's items travel as the codec encoded them, alone;
 * a map call's arguments and result travel as one codec stream.
 */
public enum SharedOp {
  /**
   * {@code put}, {@code offer}: the item; answers one byte, 1 if the item was added. {@code put}
   * waits as long as it takes, {@code offer} without a timeout not at all.
   */
  QUEUE_OFFER(0),
  /** {@code take}, {@code poll}: answers the item, or nothing if the time ran out first. */
  QUEUE_TAKE(0),
  /** {@code size()}: answers an int. */
  QUEUE_SIZE(0),
  /** {@code get(key)}. */
  MAP_GET(1),
  /** {@code put(key, value)}. */
  MAP_PUT(2),
  /** {@code putIfAbsent(key, value)}. */
  MAP_PUT_IF_ABSENT(2),
  /** {@code remove(key)}. */
  MAP_REMOVE(1),
  /** {@code replace(key, expected, newValue)}. */
  MAP_REPLACE(3),
  /** {@code merge(key, value, fn)}. */
  MAP_MERGE(3),
  /** {@code size()}. */
  MAP_SIZE(0),
  /** {@code snapshot()}. */
  MAP_SNAPSHOT(0);

  /** How many objects a map call's arguments hold; a queue's item travels alone. */
  public final int mapArguments;

  SharedOp(int mapArguments) {
    this.mapArguments = mapArguments;
  }

  /** The op of {@code code}, its ordinal on the wire. */
  static SharedOp of(byte code) throws ProtocolException {
    SharedOp[] all = values();
    if (code < 0 || code >= all.length) {
      throw new ProtocolException("Unknown shared-object call " + code);
    }
    return all[code];
  }
}
