package dev.skirmish.engine.cluster;

/**
 * A room as the cluster's directory knows it: written by the room's node under {@code room:<id>} (and listed by
 * the leader's {@link Digest}). Its members are not part of it: each player's seat has a key of its own.
 *
 * @param id       the room's id
 * @param node     the node that runs it
 * @param path     where the load balancer reaches that node ({@code n/a/})
 * @param players  seats taken (active or held)
 * @param phase    the match phase in lower case ({@code waiting}, {@code countdown}, {@code playing}, {@code results})
 * @param code     the join code of a private room, null for a public one
 * @param draining the room's node is stopping: it takes no one new
 */
public record RoomInfo(String id, String node, String path, String name, int players, int capacity, String map,
                       String phase, String game, String code, boolean draining) {
    public boolean isPrivate() {
        return code != null;
    }

    /** Whether a player can still take a seat (not full, its node not stopping). */
    public boolean hasASeat() {
        return players < capacity && !draining;
    }
}
