package dev.skirmish.engine.config;

import java.util.Map;

/**
 * How a node takes part in a cluster (see docs/scaling.md). With an empty {@code redisUrl} the node runs alone,
 * as the embedded default does; with one, it shares its lobby through Redis and is reached at {@code nodePath}
 * behind the load balancer.
 *
 * @param redisUrl            {@code redis://[:password@]host:port[/db]}, {@code rediss://} (TLS),
 *                            {@code redis-sentinel://host:port[,host:port...]/primary[/db]} (Sentinel) or
 *                            {@code rediss-sentinel://}; empty for a single node
 * @param redisCaFile         PEM file of the authorities a TLS Redis's certificate must chain to; empty: the
 *                            JVM's trust store
 * @param nodeId              this node's name in the cluster (a-z, 0-9, -; at most 32)
 * @param nodePath            the path prefix at which the load balancer routes to this node ({@code n/ID/})
 * @param keyPrefix           prefix of every Redis key and channel (clusters may share a Redis)
 * @param nodeTtlMillis       a node that has not refreshed its registration for this long is gone, with its rooms
 * @param heartbeatMillis     how often a node refreshes its registration (and republishes its state)
 * @param redisTimeoutMillis  connect and read timeout of Redis calls
 * @param handoverTimeoutMillis how long a stopping node waits for another node to adopt each of its rooms
 */
public record ClusterSettings(String redisUrl, String redisCaFile, String nodeId, String nodePath, String keyPrefix,
                              int nodeTtlMillis, int heartbeatMillis, int redisTimeoutMillis, int handoverTimeoutMillis) {

    /** Whether the node is in cluster mode. */
    public boolean enabled() {
        return !redisUrl.isEmpty();
    }

    static ClusterSettings from(Map<String, String> p, String sessionSecret) {
        String url = p.getOrDefault("cluster.redisUrl", "").strip();
        String ca = p.getOrDefault("cluster.redisCaFile", "").strip();
        String node = p.getOrDefault("cluster.nodeId", "").strip();
        String path = p.getOrDefault("cluster.nodePath", "").strip();
        String prefix = p.getOrDefault("cluster.keyPrefix", "skirmish:").strip();
        int ttl = GameSettings.range(p, "cluster.nodeTtlMillis", 500, 600_000);
        int beat = GameSettings.range(p, "cluster.heartbeatMillis", 100, 60_000);
        int timeout = GameSettings.range(p, "cluster.redisTimeoutMillis", 50, 60_000);
        int handover = GameSettings.range(p, "cluster.handoverTimeoutMillis", 100, 120_000);
        if (!prefix.matches("[A-Za-z0-9:_.-]{1,64}")) {
            throw new IllegalArgumentException("setting cluster.keyPrefix must be 1-64 of A-Z a-z 0-9 : _ . -, was '"
                    + prefix + "'");
        }
        if (url.isEmpty()) {
            return new ClusterSettings("", ca, node, path, prefix, ttl, beat, timeout, handover);
        }
        try {
            RedisAddress.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting cluster.redisUrl must be redis://[[user]:password@]host[:port][/db],"
                    + " rediss://... (TLS) or redis-sentinel://[[user]:password@]host[:port][,host[:port]...]/primary[/db]"
                    + " (or rediss-sentinel://): " + e.getMessage() + "; was '" + url.replaceAll("//[^@/]*@", "//***@")
                    + "'");
        }
        if (!ca.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(ca))) {
            throw new IllegalArgumentException("setting cluster.redisCaFile names a file that cannot be read: '" + ca + "'");
        }
        if (!node.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("setting cluster.nodeId must be 1-32 of a-z, 0-9 and - when"
                    + " cluster.redisUrl is set, was '" + node + "'");
        }
        if (path.isEmpty()) {
            path = "n/" + node + "/";
        }
        if (!path.matches("([A-Za-z0-9_.~-]+/)+")) {
            throw new IllegalArgumentException("setting cluster.nodePath must be a relative path ending in /, like n/"
                    + node + "/, was '" + path + "'");
        }
        if (sessionSecret.isEmpty()) {
            throw new IllegalArgumentException("setting session.secret must be set (the same on every node) when"
                    + " cluster.redisUrl is set: tokens and tickets signed by one node are checked by the others");
        }
        if (beat * 2 > ttl) {
            throw new IllegalArgumentException("setting cluster.heartbeatMillis (" + beat + ") must be at most half of"
                    + " cluster.nodeTtlMillis (" + ttl + ")");
        }
        return new ClusterSettings(url, ca, node, path, prefix, ttl, beat, timeout, handover);
    }
}
