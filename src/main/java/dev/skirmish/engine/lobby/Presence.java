package dev.skirmish.engine.lobby;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

import dev.skirmish.engine.cluster.ClusterNode;
import dev.skirmish.engine.cluster.Digest;
import dev.skirmish.engine.cluster.NodeInfo;
import dev.skirmish.engine.cluster.RoomInfo;
import dev.skirmish.engine.room.LocalRoom;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who is online, as the lobby shows it: one entry per player greeted here, then (in cluster mode) the players the
 * cluster's digest names (some of every node's), each with its status (in the lobby, in a room, playing) and its
 * public room; the total counts every node's players. The {@code presence} list is sent after a hello, and the
 * {@code presenceChanged} pushes keep clients up to date. {@link #changes()} is called by one thread
 * (the lobby's push task); {@link #list()} by any.
 */
final class Presence {
    /**
     * Players listed by name in the presence a lobby client sees (the list sent on hello and kept up to date by
     * {@code presenceChanged}); beyond them a client sees the total only, so that a crowd's arrival costs each
     * client at most this many entries instead of one per player. It also keeps the presence frames short:
     * Payara's Grizzly keeps a reference to the last frame of at least its output buffer's size (8 KB) that it
     * wrote on a connection, so a 500-name list (33 KB) stayed in the heap of every idle lobby connection
     * (docs/benchmarks.md); 100 plain entries are about 7 KB.
     */
    static final int LIST_MAX = 100;
    /** Player entries one {@code presenceChanged} push carries at most; further changes follow in the next rounds. */
    static final int PUSH_MAX = 50;

    private final LobbyClients clients;
    private final Supplier<Digest> cluster;
    private final Function<String, Optional<LocalRoom>> membership;
    private final Function<String, RoomInfo> elsewhere;
    private final Supplier<Map<String, ClusterNode.Seat>> seats;
    // the push task's: what clients were told
    private Map<String, JsonObject> pushed = Map.of();
    private int pushedTotal;

    /**
     * @param cluster    the cluster's digest (empty on a single node)
     * @param membership the local room a player has a seat in
     * @param elsewhere  the room on another node where this lobby sent a player, or null
     * @param seats      the seats of the players listed by name, as last read from the cluster
     */
    Presence(LobbyClients clients, Supplier<Digest> cluster, Function<String, Optional<LocalRoom>> membership,
             Function<String, RoomInfo> elsewhere, Supplier<Map<String, ClusterNode.Seat>> seats) {
        this.clients = clients;
        this.cluster = cluster;
        this.membership = membership;
        this.elsewhere = elsewhere;
        this.seats = seats;
    }

    /** The players listed by name who sit on no local seat (their seats are read from the cluster). */
    java.util.Set<String> listedElsewhere() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (LobbyClient c : clients.greeted()) {
            if (out.size() == LIST_MAX) {
                break;
            }
            if (membership.apply(c.playerId()).isEmpty()) {
                out.add(c.playerId());
            }
        }
        return out;
    }

    /** The first players greeted here (at most {@code n}) as this node's registration names them. */
    java.util.List<NodeInfo.PlayerLine> firstLines(int n) {
        java.util.List<NodeInfo.PlayerLine> out = new java.util.ArrayList<>();
        for (LobbyClient c : clients.greeted()) {
            if (out.size() == n) {
                break;
            }
            JsonObject e = entry(c.playerId(), c.nickname());
            out.add(new NodeInfo.PlayerLine(c.playerId(), c.nickname(), e.getString("status"),
                    e.getString("roomId", null), e.getString("roomName", null)));
        }
        return out;
    }

    /** The {@code presence} message: the first {@link #LIST_MAX} players and the total online. */
    JsonObject list() {
        Map<String, JsonObject> all = entries();
        JsonArrayBuilder list = JSON.createArrayBuilder();
        all.values().stream().limit(LIST_MAX).forEach(list::add);
        return JSON.createObjectBuilder().add("type", "presence").add("players", list).add("total", total(all))
                .build();
    }

    /** The {@code presenceChanged} push since the last call, or null when nothing changed. Push task only. */
    JsonObject changes() {
        Map<String, JsonObject> all = entries();
        Map<String, JsonObject> listed = new LinkedHashMap<>();
        all.entrySet().stream().limit(LIST_MAX).forEach(e -> listed.put(e.getKey(), e.getValue()));
        Map<String, JsonObject> told = new LinkedHashMap<>(pushed);
        int total = total(all);
        JsonObject push = diff(told, listed, total != pushedTotal, total);
        pushed = told;
        pushedTotal = total;
        return push;
    }

    /**
     * The {@code presenceChanged} push from what clients were told ({@code told}, brought up to date with what
     * this push carries) to {@code now}: at most {@link #PUSH_MAX} entries, the rest in later rounds, and the
     * total; null when nothing changed.
     */
    static JsonObject diff(Map<String, JsonObject> told, Map<String, JsonObject> now, boolean totalChanged,
                           int total) {
        JsonArrayBuilder updated = JSON.createArrayBuilder();
        JsonArrayBuilder left = JSON.createArrayBuilder();
        int n = 0;
        for (Iterator<String> it = told.keySet().iterator(); it.hasNext() && n < PUSH_MAX; ) {
            String id = it.next();
            if (!now.containsKey(id)) {
                left.add(id);
                it.remove();
                n++;
            }
        }
        for (Map.Entry<String, JsonObject> e : now.entrySet()) {
            if (n == PUSH_MAX) {
                break;
            }
            if (!e.getValue().equals(told.get(e.getKey()))) {
                updated.add(e.getValue());
                told.put(e.getKey(), e.getValue());
                n++;
            }
        }
        return n == 0 && !totalChanged ? null : JSON.createObjectBuilder().add("type", "presenceChanged")
                .add("updated", updated).add("left", left).add("total", total).build();
    }

    /** Players online: every node's, as the digest counts them (at least those listed here). */
    private int total(Map<String, JsonObject> all) {
        return Math.max(all.size(), cluster.get().players());
    }

    /** One entry per greeted player, this node's first, then the digest's names. */
    private Map<String, JsonObject> entries() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (LobbyClient c : clients.greeted()) {
            out.put(c.playerId(), entry(c.playerId(), c.nickname()));
        }
        for (NodeInfo.PlayerLine p : cluster.get().names()) {
            if (!out.containsKey(p.playerId())) {
                JsonObjectBuilder b = JSON.createObjectBuilder().add("playerId", p.playerId())
                        .add("nickname", p.nickname()).add("status", p.status());
                if (p.roomId() != null) {
                    b.add("roomId", p.roomId()).add("roomName", p.roomName());
                }
                out.put(p.playerId(), b.build());
            }
        }
        return out;
    }

    private JsonObject entry(String id, String nickname) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("playerId", id).add("nickname", nickname);
        Optional<LocalRoom> room = membership.apply(id);
        RoomInfo remote = room.isPresent() ? null : elsewhere.apply(id);
        if (room.isPresent()) {
            Boolean connected = room.get().memberConnected(id);
            b.add("status", Boolean.TRUE.equals(connected) ? "playing" : "room");
            if (!room.get().isPrivate()) {
                b.add("roomId", room.get().id()).add("roomName", room.get().name());
            }
        } else if (remote != null) {
            ClusterNode.Seat seat = seats.get().get(id);
            b.add("status", seat != null && seat.roomId().equals(remote.id()) && seat.connected() ? "playing" : "room");
            if (!remote.isPrivate()) {
                b.add("roomId", remote.id()).add("roomName", remote.name());
            }
        } else {
            b.add("status", "lobby");
        }
        return b.build();
    }
}
