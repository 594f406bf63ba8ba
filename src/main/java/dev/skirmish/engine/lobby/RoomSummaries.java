package dev.skirmish.engine.lobby;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.RoomInfo;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomManager;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rooms as the lobby shows them (docs/protocol.md, "room summary"): one room's summary, this node's public rooms
 * and (in cluster mode) those of the other nodes that the cluster's digest lists (at most
 * {@link dev.skirmish.engine.cluster.Digest#LISTED}), in display order, and the {@code rooms} / {@code roomList}
 * message.
 */
final class RoomSummaries {
    private final Supplier<RoomManager> manager;
    private final ClusterService cluster;

    RoomSummaries(Supplier<RoomManager> manager, ClusterService cluster) {
        this.manager = manager;
        this.cluster = cluster;
    }

    /** The {@code rooms} reply to listRooms, or the {@code roomList} push after welcome. */
    JsonObject list(String type) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        publicRooms().values().forEach(list::add);
        return JSON.createObjectBuilder().add("type", type).add("rooms", list).build();
    }

    /** Summaries of this node's open public rooms and the digest's (in cluster mode), by name then id. */
    Map<String, JsonObject> publicRooms() {
        record Listed(String name, String id, JsonObject summary) {
        }
        List<Listed> all = new ArrayList<>();
        manager.get().rooms().stream().filter(r -> !r.isClosed() && !r.isPrivate())
                .forEach(r -> all.add(new Listed(r.name(), r.id(), of(r))));
        String self = cluster.nodeId();
        for (RoomInfo r : cluster.digest().listed()) {
            if (!r.isPrivate() && !r.node().equals(self)) {
                all.add(new Listed(r.name(), r.id(), of(r)));
            }
        }
        all.sort(Comparator.comparing(Listed::name).thenComparing(Listed::id));
        Map<String, JsonObject> out = new LinkedHashMap<>();
        all.forEach(l -> out.putIfAbsent(l.id(), l.summary()));
        return out;
    }

    /** A room of this node; a public room's summary says where to watch it ({@code watchPath}). */
    JsonObject of(Room r) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("id", r.id()).add("name", r.name())
                .add("players", r.seatsTaken()).add("capacity", r.capacity()).add("game", r.game()).add("map", r.mapName())
                .add("phase", r.phase().name().toLowerCase(Locale.ROOT)).add("private", r.isPrivate());
        if (!r.isPrivate()) {
            b.add("watchPath", RoomManager.watchPath(cluster.nodePath(), r.id()));
        }
        return b.build();
    }

    /** A room of another node, as the directory describes it. */
    static JsonObject of(RoomInfo r) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("id", r.id()).add("name", r.name())
                .add("players", r.players()).add("capacity", r.capacity()).add("game", r.game()).add("map", r.map())
                .add("phase", r.phase())
                .add("private", r.isPrivate());
        if (!r.isPrivate()) {
            b.add("watchPath", RoomManager.watchPath(r.path(), r.id()));
        }
        return b.build();
    }
}
