package dev.skirmish.engine.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows of the other nodes: the last state each published, and when it arrived. A node that has
 * published nothing for the registration TTL is forgotten with its rooms ({@link #expire}); a node that says it
 * is gone is forgotten at once. Readers get an immutable {@link Snapshot} with the lookups the lobby needs.
 * Thread-safe; plain Java.
 */
public final class ClusterView {
    /** A room of another node, with where to reach it. */
    public record RemoteRoom(String node, String path, NodeState.RoomEntry room) {
    }

    /** Where a player has a seat on another node. */
    public record RemoteSeat(RemoteRoom room, boolean connected) {
    }

    /** A player greeted in another node's lobby. */
    public record RemotePlayer(String node, String playerId, String nickname) {
    }

    /** The other nodes as of one moment, with lookups. */
    public static final class Snapshot {
        private final Map<String, NodeState> nodes;
        private final Map<String, RemoteRoom> rooms = new LinkedHashMap<>();
        private final Map<String, RemoteRoom> byCode = new HashMap<>();
        private final Map<String, RemoteSeat> seats = new HashMap<>();
        private final List<RemotePlayer> players = new ArrayList<>();
        private final int playersTotal;

        Snapshot(Map<String, NodeState> nodes) {
            this.nodes = Map.copyOf(nodes);
            int total = 0;
            // a room being handed over is listed by both nodes for a moment: the live one wins
            List<NodeState> liveFirst = new ArrayList<>(nodes.values());
            liveFirst.sort(java.util.Comparator.comparing(NodeState::draining));
            for (NodeState n : liveFirst) {
                for (NodeState.RoomEntry r : n.rooms()) {
                    RemoteRoom rr = new RemoteRoom(n.node(), n.path(), r);
                    rooms.putIfAbsent(r.id(), rr);
                    if (r.code() != null) {
                        byCode.putIfAbsent(r.code().toUpperCase(Locale.ROOT), rr);
                    }
                    for (NodeState.Member m : r.members()) {
                        seats.putIfAbsent(m.playerId(), new RemoteSeat(rr, m.connected()));
                    }
                }
                for (NodeState.PresenceEntry p : n.presence()) {
                    players.add(new RemotePlayer(n.node(), p.playerId(), p.nickname()));
                }
                total += n.presenceTotal();
            }
            this.playersTotal = total;
        }

        /** The other nodes' states by node id. */
        public Map<String, NodeState> nodes() {
            return nodes;
        }

        /** Every room of the other nodes, private ones included. */
        public Collection<RemoteRoom> rooms() {
            return rooms.values();
        }

        public Optional<RemoteRoom> room(String roomId) {
            return Optional.ofNullable(roomId == null ? null : rooms.get(roomId));
        }

        /** The private room with this join code (any case). */
        public Optional<RemoteRoom> byCode(String code) {
            return Optional.ofNullable(code == null ? null : byCode.get(code.strip().toUpperCase(Locale.ROOT)));
        }

        /** Where the player has a seat on another node, if anywhere. */
        public Optional<RemoteSeat> seat(String playerId) {
            return Optional.ofNullable(playerId == null ? null : seats.get(playerId));
        }

        /** Players greeted in the other nodes' lobbies (each node publishes at most {@link NodeState#MAX_PRESENCE}). */
        public List<RemotePlayer> players() {
            return players;
        }

        /** How many players the other nodes' lobbies hold, all of them. */
        public int playersTotal() {
            return playersTotal;
        }
    }

    private record Peer(NodeState state, long receivedNanos) {
    }

    private final String self;
    private final Map<String, Peer> peers = new HashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of());

    /** @param self this node's id: its own states (echoed by Redis) are ignored */
    public ClusterView(String self) {
        this.self = self;
    }

    /** The other nodes as of the last change. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Takes a node's state unless it is this node's, or older than the one held (a lower sequence number of the
     * same incarnation, or an older incarnation). Returns whether the view changed.
     */
    public synchronized boolean accept(NodeState s, long nowNanos) {
        if (s.node().equals(self)) {
            return false;
        }
        Peer held = peers.get(s.node());
        if (held != null) {
            NodeState h = held.state();
            if (s.incarnation() < h.incarnation() || (s.incarnation() == h.incarnation() && s.seq() <= h.seq())) {
                return false;
            }
        }
        peers.put(s.node(), new Peer(s, nowNanos));
        boolean changed = held == null || !held.state().sameContent(s);
        if (changed) {
            rebuild();
        }
        return changed;
    }

    /** A node said it stopped: forget it unless a newer incarnation already spoke. Returns whether it was known. */
    public synchronized boolean gone(String node, long incarnation) {
        Peer held = peers.get(node);
        if (held == null || held.state().incarnation() > incarnation) {
            return false;
        }
        peers.remove(node);
        rebuild();
        return true;
    }

    /** Forgets the nodes whose last state is older than {@code ttlNanos}; returns their last states. */
    public synchronized List<NodeState> expire(long nowNanos, long ttlNanos) {
        List<NodeState> gone = new ArrayList<>();
        peers.values().removeIf(p -> {
            if (nowNanos - p.receivedNanos() > ttlNanos) {
                gone.add(p.state());
                return true;
            }
            return false;
        });
        if (!gone.isEmpty()) {
            rebuild();
        }
        return gone;
    }

    /**
     * Replaces the whole view with the registrations read from Redis (after this node connected or reconnected):
     * nodes without one are gone.
     */
    public synchronized void replaceAll(Collection<NodeState> registered, long nowNanos) {
        peers.clear();
        for (NodeState s : registered) {
            if (!s.node().equals(self)) {
                Peer held = peers.get(s.node());
                if (held == null || held.state().incarnation() < s.incarnation()
                        || (held.state().incarnation() == s.incarnation() && held.state().seq() < s.seq())) {
                    peers.put(s.node(), new Peer(s, nowNanos));
                }
            }
        }
        rebuild();
    }

    private void rebuild() {
        Map<String, NodeState> states = new LinkedHashMap<>();
        peers.keySet().stream().sorted().forEach(k -> states.put(k, peers.get(k).state()));
        snapshot = new Snapshot(states);
    }
}
