package org.multipool.cluster;

import java.io.Serializable;
import java.util.UUID;

/**
 * Which lane a slot's messages are for: its key, unique in the cluster, its label for thread names
 * and messages, and the member or client that runs its pool.
 */
record LaneId(String key, String label, UUID caller) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The key of the lane of the slot {@code label} of the pool {@code poolId}. */
  static String keyOf(String poolId, String label) {
    return poolId + "/" + label;
  }

  /** The id of the pool whose slot {@code label} has the lane {@code key}. */
  static String poolOf(String key, String label) {
    return key.substring(0, key.length() - label.length() - 1);
  }
}
