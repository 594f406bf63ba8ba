package dev.skirmish.engine.cluster;

import java.util.List;

/**
 * What the lobby offers the cluster about this node at every push round: its rooms with their members, how many
 * players its lobby greets and the first of them by name. The cluster thread turns it into the node's
 * registration, its room keys and its players' seat keys, writing only what changed.
 *
 * @param rooms open rooms of this node (the {@code node}, {@code path} and {@code draining} of each are filled
 *              in by the cluster)
 * @param lobby players greeted in this node's lobby
 * @param names the first of them (at most {@link NodeInfo#NAMES})
 */
public record LocalState(List<Room> rooms, int lobby, List<NodeInfo.PlayerLine> names) {
    public LocalState {
        rooms = List.copyOf(rooms);
        names = List.copyOf(names);
    }

    /** A room of this node and its members (players with an active or held seat). */
    public record Room(RoomInfo info, List<Member> members) {
        public Room {
            members = List.copyOf(members);
        }
    }

    /** A player with a seat: connected (its game stream is open) or held (it dropped). */
    public record Member(String playerId, boolean connected) {
    }
}
