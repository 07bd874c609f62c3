package org.multipool.cluster;

import java.io.Serializable;
import java.util.UUID;

/**
 * Which lane a slot's messages are for: its key, unique in the cluster, its label for thread names
 * and messages, and the member that runs its pool (null for a pool on a client).
 */
record LaneId(String key, String label, UUID caller) implements Serializable {
  private static final long serialVersionUID = 1L;
}
