package org.multipool.process.wire;

/**
 * The calls a task on a worker JVM makes on a shared object that lives in the pool's JVM, as a
 * {@link SharedCallFrame} names them. A queue's items travel as the codec encoded them, alone;
 * a map call's arguments and result travel as one codec stream.
 */
public enum SharedOp {
  /**
   * {@code put}, {@code offer}: the item; answers one byte, 1 if the item was added, and an int:
   * how many places of the queue the pool set aside for this worker's next items. {@code put}
   * waits as long as it takes, {@code offer} without a timeout not at all.
   */
  QUEUE_OFFER(0),
  /** {@code put} or {@code offer} of an item in a place set aside for this worker: never answered. */
  QUEUE_PUT_RESERVED(0),
  /** Gives back places set aside and not used: an int, how many. Never answered. */
  QUEUE_RETURN(0),
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

  /** Whether it is a call on a queue, or else on a map. */
  public boolean onQueue() {
    return ordinal() <= QUEUE_SIZE.ordinal();
  }

  /** Whether the pool answers it. */
  public boolean answered() {
    return this != QUEUE_PUT_RESERVED && this != QUEUE_RETURN;
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
