package dev.skirmish.engine.cluster;

import java.util.List;

/**
 * What one node tells the cluster about itself, in full, on every change and every heartbeat: where the load
 * balancer reaches it, whether it is draining, its rooms (private ones with their codes, each with its members)
 * and the players greeted in its lobby. Bounded by the node's own limits (rooms, seats, lobby connections) and
 * by {@link #MAX_PRESENCE} entries.
 *
 * @param node          the node's id
 * @param path          the path prefix at which the load balancer routes to it ({@code n/a/})
 * @param incarnation   when the node started (epoch ms): a restarted node's states replace the old ones
 * @param seq           increases with every state the node publishes
 * @param draining      the node is stopping: it takes no new rooms or players
 * @param rooms         its open rooms
 * @param presence      players greeted in its lobby (at most {@link #MAX_PRESENCE})
 * @param presenceTotal players greeted in its lobby, all of them
 */
public record NodeState(String node, String path, long incarnation, long seq, boolean draining, List<RoomEntry> rooms,
                        List<PresenceEntry> presence, int presenceTotal) {
    /** Presence entries one node publishes at most (the lobby lists 100 by name). */
    public static final int MAX_PRESENCE = 1000;
    /** Rooms one node publishes at most (room.maxRooms allows up to 10,000). */
    public static final int MAX_ROOMS = 10_000;

    public NodeState {
        rooms = List.copyOf(rooms);
        presence = List.copyOf(presence);
    }

    /** The same state under another sequence number (published again). */
    public NodeState withSeq(long next) {
        return new NodeState(node, path, incarnation, next, draining, rooms, presence, presenceTotal);
    }

    /** Whether the content (everything but the sequence number) equals another state's. */
    public boolean sameContent(NodeState o) {
        return o != null && node.equals(o.node) && path.equals(o.path) && incarnation == o.incarnation
                && draining == o.draining && rooms.equals(o.rooms) && presence.equals(o.presence)
                && presenceTotal == o.presenceTotal;
    }

    /**
     * A room as its node describes it.
     *
     * @param code    the join code of a private room, null for a public one
     * @param phase   the match phase in lower case ({@code waiting}, {@code countdown}, {@code playing},
     *                {@code results})
     * @param members players with an active or held seat
     * @param game    the game the room plays
     */
    public record RoomEntry(String id, String name, int players, int capacity, String map, String phase, String code,
                            List<Member> members, String game) {
        public RoomEntry {
            members = List.copyOf(members);
        }

        public boolean isPrivate() {
            return code != null;
        }
    }

    /** A player with a seat in a room: connected (its game stream is open) or held (it dropped). */
    public record Member(String playerId, boolean connected) {
    }

    /** A player greeted in a node's lobby. */
    public record PresenceEntry(String playerId, String nickname) {
    }
}
