package dev.skirmish.engine.config;

import java.util.List;

/**
 * The settings that protect the server from slow and hostile clients (see docs/security.md for each one).
 *
 * @param connectionsPerAddress WebSocket connections one remote address may hold open (0: no limit)
 * @param exemptAddresses numeric addresses the per-address limit skips (a local proxy, the load-test host)
 * @param allowedOrigins origins a browser may open WebSockets from; empty means the page's own origin only,
 *                       {@code *} any origin
 * @param lobbyRatePerSecond lobby messages per second per connection (token bucket)
 * @param lobbyBurst lobby messages a connection may send back to back
 * @param lobbyMaxRejectedPerSecond rate-limited lobby messages within one second that close the connection
 * @param gameControlRatePerSecond pings and resync requests per second per game stream
 * @param gameControlBurst pings and resync requests a game stream may send back to back
 * @param sendStallSeconds a frame that cannot be delivered for this long closes the connection with 4002
 * @param controlQueueBytes bytes of control frames (welcome, pongs, lobby replies) waiting per connection
 * @param maxUnacknowledgedBytes bytes sent that the client has not acknowledged through a pong: above half,
 *                               snapshots are skipped; above all of it, the connection closes with 4002
 * @param shutdownReconnectMillis the reconnect hint sent with close 1001 when the server shuts down
 * @param sendThreads the threads that hand frames to the container (0: one per core, at most 4)
 * @param sendQueueCapacity sends that may wait per sender thread; a connection whose send finds the queue full
 *                          is closed with 1013
 * @param heartbeatIntervalSeconds seconds between heartbeat pings ({@code heartbeat.intervalSeconds})
 * @param controlQueueCapacity control frames that may wait per connection ({@code send.controlQueueCapacity})
 */
public record Limits(int connectionsPerAddress, List<String> exemptAddresses, List<String> allowedOrigins,
                     int lobbyRatePerSecond, int lobbyBurst, int lobbyMaxRejectedPerSecond,
                     int gameControlRatePerSecond, int gameControlBurst, int sendStallSeconds,
                     int controlQueueBytes, int maxUnacknowledgedBytes, int shutdownReconnectMillis,
                     int sendThreads, int sendQueueCapacity, int heartbeatIntervalSeconds,
                     int controlQueueCapacity) {

    public Limits {
        exemptAddresses = List.copyOf(exemptAddresses);
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
