/**
 * Cluster mode: several nodes behind a load balancer sharing one lobby through Redis (docs/scaling.md). Each
 * node publishes its own state (rooms with their members, and the players in its lobby) and follows the others'
 * ({@link dev.skirmish.engine.cluster.ClusterView}); chat, node-to-node commands and room handovers travel on Redis
 * channels in the formats of {@link dev.skirmish.engine.cluster.ClusterMessages}. {@link dev.skirmish.engine.cluster.RedisLink}
 * is the only class that talks to Redis (through Jedis); {@link dev.skirmish.engine.cluster.ClusterService} is the CDI
 * face; {@code Handover} moves running rooms off a stopping node. Nothing here runs when {@code cluster.redisUrl} is empty.
 */
package dev.skirmish.engine.cluster;
