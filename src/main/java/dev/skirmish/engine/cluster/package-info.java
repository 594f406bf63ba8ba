/**
 * Cluster mode: several nodes behind a load balancer sharing one lobby through a directory in Redis
 * (docs/scaling.md). Each node writes its own registration, rooms and seats; a leader sums them up in a bounded
 * {@link dev.skirmish.engine.cluster.Digest} that every node follows; the rest is looked up when a player needs it
 * ({@link dev.skirmish.engine.cluster.ClusterNode}, plain Java); chat, node-to-node commands and room handovers
 * travel on Redis channels in the formats of {@link dev.skirmish.engine.cluster.ClusterMessages}. {@link dev.skirmish.engine.cluster.RedisLink}
 * is the only class that talks to Redis (through Jedis); {@link dev.skirmish.engine.cluster.ClusterService} is the CDI
 * face; {@code Handover} moves running rooms off a stopping node. Nothing here runs when {@code cluster.redisUrl} is empty.
 */
package dev.skirmish.engine.cluster;
