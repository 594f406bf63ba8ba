package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.ClusterNode;
import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.LocalState;
import dev.skirmish.engine.cluster.NodeInfo;
import dev.skirmish.engine.cluster.RoomInfo;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomManager;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
    private final Function<String, Set<String>> recipients;

    /**
     * @param recipients the players of this lobby who sit in a room (on any node): they get its chat
     */
    LobbyCluster(ClusterService cluster, LobbyClients clients, ChatChannels chat, Supplier<RoomManager> manager,
                 Function<String, Set<String>> recipients) {
        this.cluster = cluster;
        this.clients = clients;
        this.chat = chat;
        this.manager = manager;
        this.recipients = recipients;
    }

    /** Joins the cluster (cluster mode): the lobby then hears the other nodes' chat and the shared lobby's status. */
    void start() {
        if (!cluster.enabled()) {
            return;
        }
        cluster.listen(new ClusterService.Listener() {
            @Override
            public void onChat(ClusterMessages.Chat c) {
                chat.deliver(posted(c), c.roomId() == null ? Set.of() : recipients.apply(c.roomId()));
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
            // no member list: each node knows which of its players sit in the room
            cluster.node().publishChat(new ClusterMessages.Chat(cluster.nodeId(), p.id(), p.roomId(), List.of(),
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

    /**
     * Offers this node's part of the cluster's lobby (its rooms with their members, how many players its lobby
     * greets and the first of them by name), and says which players' seats and rooms' chat it needs.
     */
    void offerLocalState(List<NodeInfo.PlayerLine> firstNames, Set<String> watchedPlayers, Set<String> watchedRooms) {
        ClusterNode node = cluster.node();
        if (node == null) {
            return;
        }
        List<LocalState.Room> local = new ArrayList<>();
        for (Room r : manager.get().rooms()) {
            if (r.isClosed() || !(r instanceof LocalRoom lr)) {
                continue;
            }
            List<LocalState.Member> members = new ArrayList<>();
            for (String id : lr.memberIds()) {
                members.add(new LocalState.Member(id, Boolean.TRUE.equals(lr.memberConnected(id))));
            }
            local.add(new LocalState.Room(new RoomInfo(r.id(), node.nodeId(), cluster.nodePath(), r.name(),
                    r.seatsTaken(), r.capacity(), r.mapName(), r.phase().name().toLowerCase(Locale.ROOT), r.game(),
                    r.code(), false), members));
        }
        node.offer(new LocalState(local, clients.greeted().size(), firstNames));
        node.watch(watchedPlayers, watchedRooms);
    }

    /** Whether this node may publish one more lobby chat line now (always on a single node). */
    boolean mayPostToLobby() {
        ClusterNode node = cluster.node();
        return node == null || node.mayPublishLobbyChat();
    }

    /** The chat history of a room on another node that this node did not follow yet, read from Redis once. */
    void loadRoomHistory(String roomId) {
        ClusterNode node = cluster.node();
        if (node == null || chat.knows(roomId)) {
            return;
        }
        try {
            chat.replaceHistory(roomId, node.roomHistory(roomId).stream().map(LobbyCluster::posted).toList());
        } catch (ClusterNode.Unreachable e) {
            // the history stays empty; new messages still arrive
        }
    }
}
