/**
 * Multipool's cluster backend: the same {@link org.multipool.Pool} on the members of a Hazelcast
 * cluster.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().backend("cluster", 8).build()) {      // Hazelcast's own config lookup
 *   List<Report> reports = pool.map(file -> audit(file), files);
 * }
 * Pool onMine = Pool.builder().backend(ClusterBackend.on(hazelcast), 8).build();   // an instance you have
 * }</pre>
 *
 * <p>Members run {@link org.multipool.cluster.ClusterMember} with the application's class path.
 */
package org.multipool.cluster;
