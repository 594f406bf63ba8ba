package dev.skirmish.engine.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's lobby in brief, built about once a second by the leader from every live node's registration and
 * every public room of a live node, and sent to every node (in full under the key {@code directory}, as changes on
 * the channel {@code directory}): how many nodes, players and rooms there are, the public rooms a lobby lists (at
 * most {@link #LISTED}: for each game the {@link #OPEN_PER_GAME} fullest with a free seat, which is where quick play
 * sends, then the fullest others) and some players by name (at most {@link #NAMES}). Its size does not grow with
 * the players or the nodes, so neither does what a node receives. Plain Java; immutable.
 *
 * @param seq     increases with every change the leader publishes
 * @param players players greeted in the lobbies of every live node
 */
public record Digest(String leader, long seq, int nodes, int players, int rooms, List<RoomInfo> listed,
                     List<NodeInfo.PlayerLine> names) {
    /** Public rooms a digest lists at most. */
    public static final int LISTED = 100;
    /** Rooms with a free seat listed per game at least (quick play's choice). */
    public static final int OPEN_PER_GAME = 8;
    /** Players listed by name at most. */
    public static final int NAMES = 100;
    /** The digest of a cluster nobody has described yet. */
    public static final Digest EMPTY = new Digest("", 0, 0, 0, 0, List.of(), List.of());

    public Digest {
        listed = List.copyOf(listed);
        names = List.copyOf(names);
    }

    private static final Comparator<RoomInfo> FULLEST = Comparator.comparingInt(RoomInfo::players).reversed()
            .thenComparing(RoomInfo::id);

    /**
     * Builds the digest of these live nodes and their public rooms (private rooms and rooms of other nodes are
     * left out).
     */
    public static Digest build(String leader, long seq, Collection<NodeInfo> nodes, Collection<RoomInfo> rooms) {
        return build(leader, seq, nodes, rooms, Digest.EMPTY);
    }

    /**
     * Builds the next digest after {@code previous}: each game's {@link #OPEN_PER_GAME} fullest rooms with a seat
     * are chosen afresh, and the other rooms {@code previous} listed stay listed while they are open (so that the
     * list does not churn as rooms gain and lose a player at the edge of the fullest), the free places going to
     * the fullest others.
     */
    public static Digest build(String leader, long seq, Collection<NodeInfo> nodes, Collection<RoomInfo> rooms,
                               Digest previous) {
        Map<String, NodeInfo> live = new HashMap<>();
        nodes.forEach(n -> live.put(n.node(), n));
        List<RoomInfo> open = new ArrayList<>();
        int count = 0;
        for (RoomInfo r : rooms) {
            if (live.containsKey(r.node())) {
                count++;
                if (!r.isPrivate()) {
                    open.add(r);
                }
            }
        }
        open.sort(FULLEST);
        Map<String, RoomInfo> listed = new LinkedHashMap<>();
        Map<String, Integer> perGame = new HashMap<>();
        for (RoomInfo r : open) {
            if (r.hasASeat() && perGame.merge(r.game(), 1, Integer::sum) <= OPEN_PER_GAME) {
                listed.put(r.id(), r);
            }
        }
        java.util.Set<String> before = new java.util.HashSet<>();
        previous.listed().forEach(r -> before.add(r.id()));
        for (RoomInfo r : open) {
            if (listed.size() >= LISTED) {
                break;
            }
            if (before.contains(r.id())) {
                listed.putIfAbsent(r.id(), r);
            }
        }
        for (RoomInfo r : open) {
            if (listed.size() >= LISTED) {
                break;
            }
            if (r.hasASeat()) {
                listed.putIfAbsent(r.id(), r);
            }
        }
        for (RoomInfo r : open) {
            if (listed.size() >= LISTED) {
                break;
            }
            listed.putIfAbsent(r.id(), r);
        }
        List<NodeInfo> byId = new ArrayList<>(live.values());
        byId.sort(Comparator.comparing(NodeInfo::node));
        List<NodeInfo.PlayerLine> names = new ArrayList<>();
        int players = 0;
        for (NodeInfo n : byId) {
            players += n.lobby();
            for (NodeInfo.PlayerLine p : n.names()) {
                if (names.size() < NAMES) {
                    names.add(p);
                }
            }
        }
        List<RoomInfo> chosen = new ArrayList<>(listed.values());
        chosen.sort(FULLEST);
        return new Digest(leader, seq, live.size(), players, count, chosen, names);
    }

    /** Whether everything but the leader and the sequence number equals another digest's. */
    public boolean sameContent(Digest o) {
        return o != null && nodes == o.nodes && players == o.players && rooms == o.rooms && listed.equals(o.listed)
                && names.equals(o.names);
    }

    /** The same digest with other names. */
    public Digest withNames(List<NodeInfo.PlayerLine> other) {
        return new Digest(leader, seq, nodes, players, rooms, listed, other);
    }

    /** The same content under another leader and sequence number. */
    public Digest as(String leader, long seq) {
        return new Digest(leader, seq, nodes, players, rooms, listed, names);
    }

    /**
     * What changed from {@code base} to this digest: the listed rooms added or changed, those no longer listed,
     * the counts, and the names when they changed (null otherwise).
     */
    public Delta since(Digest base) {
        Map<String, RoomInfo> before = new HashMap<>();
        base.listed.forEach(r -> before.put(r.id(), r));
        List<RoomInfo> updated = new ArrayList<>();
        List<Count> counts = new ArrayList<>();
        for (RoomInfo r : listed) {
            RoomInfo was = before.remove(r.id());
            if (r.equals(was)) {
                continue;
            }
            Count c = new Count(r.id(), r.players(), r.phase(), r.draining());
            if (was != null && c.applyTo(was).equals(r)) {
                counts.add(c); // only its players, phase or draining changed: a few bytes instead of the room
            } else {
                updated.add(r);
            }
        }
        return new Delta(leader, seq, base.seq, nodes, players, rooms, updated, counts,
                new ArrayList<>(before.keySet()), names.equals(base.names) ? null : names);
    }

    /** What changes most in a listed room: its players, its phase, whether its node is stopping. */
    public record Count(String id, int players, String phase, boolean draining) {
        RoomInfo applyTo(RoomInfo r) {
            return new RoomInfo(r.id(), r.node(), r.path(), r.name(), players, r.capacity(), r.map(), phase, r.game(),
                    r.code(), draining);
        }
    }

    /**
     * The changes between two digests of one leader.
     *
     * @param updated rooms newly listed or changed beyond their counts, in full
     * @param counts  rooms whose players, phase or draining only changed
     * @param base    the sequence number of the digest they apply to
     * @param names   the players listed by name, or null when they did not change
     */
    public record Delta(String leader, long seq, long base, int nodes, int players, int rooms, List<RoomInfo> updated,
                        List<Count> counts, List<String> removed, List<NodeInfo.PlayerLine> names) {
        public Delta {
            updated = List.copyOf(updated);
            counts = List.copyOf(counts);
            removed = List.copyOf(removed);
            names = names == null ? null : List.copyOf(names);
        }

        /** The digest this makes of {@code base}, or null when it does not apply to it (another leader or seq). */
        public Digest applyTo(Digest base) {
            if (!leader.equals(base.leader) || this.base != base.seq) {
                return null;
            }
            Map<String, RoomInfo> rooms = new HashMap<>();
            base.listed.forEach(r -> rooms.put(r.id(), r));
            removed.forEach(rooms::remove);
            updated.forEach(r -> rooms.put(r.id(), r));
            for (Count c : counts) {
                RoomInfo r = rooms.get(c.id());
                if (r == null) {
                    return null; // not what the leader had: read the whole digest again
                }
                rooms.put(c.id(), c.applyTo(r));
            }
            List<RoomInfo> listed = new ArrayList<>(rooms.values());
            listed.sort(FULLEST);
            return new Digest(leader, seq, nodes, players, this.rooms, listed, Objects.requireNonNullElse(names, base.names));
        }
    }
}
