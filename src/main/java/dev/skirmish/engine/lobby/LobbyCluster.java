package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.NodeState;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomManager;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

/**
 * The lobby's side of the cluster, in one place: it joins the cluster when the application starts and hands the
 * lobby the other nodes' chat and the shared lobby's status; it publishes this node's chat and lobby state. The
 * chat message has one shape in the lobby ({@link ChatChannels.Posted}) and one on Redis
 * ({@link ClusterMessages.Chat}); this is the only place that maps between them. On a single node every method
 * does nothing (or answers empty), so the lobby never asks whether it is in a cluster.
 */
final class LobbyCluster {
    private final ClusterService cluster;
    private final LobbyClients clients;
    private final ChatChannels chat;
    private final Supplier<RoomManager> manager;
    private final BooleanSupplier stopping;

    LobbyCluster(ClusterService cluster, LobbyClients clients, ChatChannels chat, Supplier<RoomManager> manager,
                 BooleanSupplier stopping) {
        this.cluster = cluster;
        this.clients = clients;
        this.chat = chat;
        this.manager = manager;
        this.stopping = stopping;
    }

    /** Joins the cluster (cluster mode): the lobby then hears the other nodes' chat and the shared lobby's status. */
    void start() {
        if (!cluster.enabled()) {
            return;
        }
        cluster.listen(new ClusterService.Listener() {
            @Override
            public void onChat(ClusterMessages.Chat c) {
                chat.deliver(posted(c), c.members());
            }

            @Override
            public void onHistory(String roomId, List<ClusterMessages.Chat> oldestFirst) {
                chat.replaceHistory(roomId, oldestFirst.stream().map(LobbyCluster::posted).toList());
            }

            @Override
            public void onStatus(boolean degraded) {
                status().ifPresent(s -> clients.broadcast(s.toString()));
            }
        });
        cluster.start();
    }

    private static ChatChannels.Posted posted(ClusterMessages.Chat c) {
        return new ChatChannels.Posted(c.id(), c.roomId(), c.fromId(), c.fromNickname(), c.text(), c.atMillis());
    }

    /** A chat message posted here goes to the other nodes too (their lobbies deliver it to the room's members). */
    void published(ChatChannels.Posted p, Set<String> members) {
        if (cluster.enabled()) {
            cluster.publishChat(new ClusterMessages.Chat(cluster.nodeId(), p.id(), p.roomId(), List.copyOf(members),
                    p.fromId(), p.fromNickname(), p.text(), p.atMillis()));
        }
    }

    /** The {@code cluster} message (this node and whether the shared lobby is reachable), in cluster mode only. */
    Optional<JsonObject> status() {
        if (!cluster.enabled()) {
            return Optional.empty();
        }
        boolean degraded = cluster.degraded();
        return Optional.of(JSON.createObjectBuilder().add("type", "cluster").add("node", cluster.nodeId())
                .add("state", degraded ? "degraded" : "ok")
                .add("message", degraded ? "The shared lobby is out of reach: you see this server's rooms and players"
                        + " only. Matches in play go on." : "Connected to the shared lobby.").build());
    }

    /** Offers this node's part of the cluster's lobby (its rooms with their members, its greeted players). */
    void offerLocalState() {
        if (!cluster.enabled()) {
            return;
        }
        List<NodeState.RoomEntry> local = new ArrayList<>();
        for (Room r : manager.get().rooms()) {
            if (r.isClosed() || !(r instanceof LocalRoom lr)) {
                continue;
            }
            List<NodeState.Member> members = new ArrayList<>();
            for (String id : lr.memberIds()) {
                members.add(new NodeState.Member(id, Boolean.TRUE.equals(lr.memberConnected(id))));
            }
            local.add(new NodeState.RoomEntry(r.id(), r.name(), r.seatsTaken(), r.capacity(), r.mapName(),
                    r.phase().name().toLowerCase(Locale.ROOT), r.code(), members, r.game()));
        }
        List<NodeState.PresenceEntry> presence = new ArrayList<>();
        int total = 0;
        for (LobbyClient c : clients.greeted()) {
            if (presence.size() < NodeState.MAX_PRESENCE) {
                presence.add(new NodeState.PresenceEntry(c.playerId(), c.nickname()));
            }
            total++;
        }
        cluster.offerLocalState(new NodeState(cluster.nodeId(), cluster.nodePath(), cluster.incarnation(), 0,
                stopping.getAsBoolean(), local, presence, total));
    }
}
