package org.multipool.internal;

/**
 * Stands in a result slot for an item that failed, so results and failures share one array and
 * the common, successful path writes nothing else.
 */
record Failure(Throwable cause) {}
