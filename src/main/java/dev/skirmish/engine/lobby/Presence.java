package dev.skirmish.engine.lobby;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

import dev.skirmish.engine.cluster.ClusterView;
import dev.skirmish.engine.cluster.NodeState;
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
 * Who is online, as the lobby shows it: one entry per greeted player (of every node, in cluster mode) with its
 * status (in the lobby, in a room, playing) and its public room, the {@code presence} list sent after a hello, and
 * the {@code presenceChanged} pushes that keep clients up to date. {@link #changes()} is called by one thread
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
    private final Supplier<ClusterView.Snapshot> cluster;
    private final Function<String, Optional<LocalRoom>> membership;
    // the push task's: what clients were told
    private Map<String, JsonObject> pushed = Map.of();
    private int pushedTotal;

    /**
     * @param cluster the other nodes' players and seats (an empty view on a single node)
     * @param membership the local room a player has a seat in
     */
    Presence(LobbyClients clients, Supplier<ClusterView.Snapshot> cluster,
             Function<String, Optional<LocalRoom>> membership) {
        this.clients = clients;
        this.cluster = cluster;
        this.membership = membership;
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

    /** Players online: those in {@code all}, and those other nodes count but do not list. */
    private int total(Map<String, JsonObject> all) {
        // other nodes list at most NodeState.MAX_PRESENCE of their players each; the total counts the others too
        ClusterView.Snapshot view = cluster.get();
        return all.size() + Math.max(0, view.playersTotal() - view.players().size());
    }

    /** One entry per greeted player, this node's first. */
    private Map<String, JsonObject> entries() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        ClusterView.Snapshot view = cluster.get();
        for (LobbyClient c : clients.greeted()) {
            out.put(c.playerId(), entry(c.playerId(), c.nickname(), view));
        }
        for (ClusterView.RemotePlayer p : view.players()) {
            out.putIfAbsent(p.playerId(), entry(p.playerId(), p.nickname(), view));
        }
        return out;
    }

    private JsonObject entry(String id, String nickname, ClusterView.Snapshot view) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("playerId", id).add("nickname", nickname);
        Optional<LocalRoom> room = membership.apply(id);
        Optional<ClusterView.RemoteSeat> remote = room.isPresent() ? Optional.empty() : view.seat(id);
        if (room.isPresent()) {
            Boolean connected = room.get().memberConnected(id);
            b.add("status", Boolean.TRUE.equals(connected) ? "playing" : "room");
            if (!room.get().isPrivate()) {
                b.add("roomId", room.get().id()).add("roomName", room.get().name());
            }
        } else if (remote.isPresent()) {
            NodeState.RoomEntry r = remote.get().room().room();
            b.add("status", remote.get().connected() ? "playing" : "room");
            if (!r.isPrivate()) {
                b.add("roomId", r.id()).add("roomName", r.name());
            }
        } else {
            b.add("status", "lobby");
        }
        return b.build();
    }
}
