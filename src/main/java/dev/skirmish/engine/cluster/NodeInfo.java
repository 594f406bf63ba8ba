package dev.skirmish.engine.cluster;

import java.util.List;

/**
 * A node's registration, refreshed at every heartbeat under {@code node:<id>} with the registration TTL: where the
 * load balancer reaches it, whether it is stopping, how many players its lobby greets and its rooms seat, and the
 * first few of its lobby's players by name (the leader's {@link Digest} lists some of every node's).
 *
 * @param incarnation when the node started (epoch ms)
 * @param lobby       players greeted in its lobby
 * @param seated      seats taken in its rooms
 * @param names       its first lobby players, at most {@link #NAMES}
 */
public record NodeInfo(String node, String path, long incarnation, boolean draining, int lobby, int seated,
                       List<PlayerLine> names) {
    /** Players a registration names at most. */
    public static final int NAMES = 10;

    public NodeInfo {
        names = List.copyOf(names);
    }

    /**
     * A player as the lobby's presence list shows it.
     *
     * @param status   {@code lobby}, {@code room} (a seat, no game stream open) or {@code playing}
     * @param roomId   the public room it sits in, or null
     * @param roomName that room's name, or null
     */
    public record PlayerLine(String playerId, String nickname, String status, String roomId, String roomName) {
    }
}
