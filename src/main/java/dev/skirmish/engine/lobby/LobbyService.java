package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterMessages;
import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.ClusterView;
import dev.skirmish.engine.cluster.NodeState;
import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.Limits;
import dev.skirmish.engine.limits.RateLimit;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.protocol.RandomIds;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
import dev.skirmish.engine.room.SeatTickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

/**
 * The lobby: greets players (with signed session tokens), lists, creates and joins rooms, carries chat, and
 * pushes room-list and presence changes. Each request gets one reply; every failure is a typed {@code error}
 * (see {@link ErrorCode}) and nothing here throws to the endpoint for bad input.
 *
 * <p>In cluster mode the lobby spans every node: the room list, presence, private codes and chat include the
 * other nodes' (from the {@link ClusterService}'s view), a join into a room of another node gets a signed ticket
 * and that node's path, and a {@code cluster} message tells the lobby when Redis is out of reach (degraded).
 */
@ApplicationScoped
public class LobbyService {
    /** Product name and version sent in the welcome. */
    public static final String SERVER_NAME = "skirmish/0.1";
    @Inject
    RoomService rooms;

    @Inject
    GameSettings settings;

    @Inject
    ClusterService cluster;

    private final LobbyClients clients = new LobbyClients();
    private final ChatChannels chat = new ChatChannels(clients, () -> cluster.nextChatId());
    private final Presence presence = new Presence(clients, () -> cluster.view(), id -> manager().membership(id));
    private SessionTokens tokens;
    // written by the push task only
    private Map<String, JsonObject> pushedRooms = Map.of();

    private synchronized SessionTokens tokens() {
        if (tokens == null) {
            tokens = new SessionTokens(settings.security().sessionSecret(), settings.security().sessionTokenTtlSeconds(),
                    () -> System.currentTimeMillis() / 1000);
        }
        return tokens;
    }

    /** Joins the cluster (cluster mode) once the application is up; the lobby hears its chat and status. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
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
                chat.replaceHistory(roomId, oldestFirst.stream().map(LobbyService::posted).toList());
            }

            @Override
            public void onStatus(boolean degraded) {
                clients.broadcast(clusterStatus().toString());
            }
        });
        cluster.start();
    }

    private static ChatChannels.Posted posted(ClusterMessages.Chat c) {
        return new ChatChannels.Posted(c.id(), c.roomId(), c.fromId(), c.fromNickname(), c.text(), c.atMillis());
    }

    /** The {@code cluster} message: this node and whether the shared lobby is reachable. */
    private JsonObject clusterStatus() {
        boolean degraded = cluster.degraded();
        return JSON.createObjectBuilder().add("type", "cluster").add("node", cluster.nodeId())
                .add("state", degraded ? "degraded" : "ok")
                .add("message", degraded ? "The shared lobby is out of reach: you see this server's rooms and players"
                        + " only. Matches in play go on." : "Connected to the shared lobby.").build();
    }

    /** A new connection's lobby state, with its message and chat allowances from the settings. */
    public LobbyClient newClient(LobbySink sink) {
        LongSupplier clock = System::nanoTime;
        Limits l = settings.limits();
        return new LobbyClient(sink, clock,
                new RateLimit(l.lobbyRatePerSecond(), l.lobbyBurst(), l.lobbyMaxRejectedPerSecond(), clock),
                new RateLimit(settings.lobby().chatRatePerSecond(), settings.lobby().chatBurst(), Integer.MAX_VALUE, clock));
    }

    /** Counts a new lobby connection; false when the node is at {@code lobby.maxConnections}. */
    public boolean admit() {
        return clients.admit(settings.lobby().maxConnections());
    }

    /** A connection admitted by {@link #admit()} has ended. */
    public void release(LobbyClient client) {
        clients.release(client);
    }

    /**
     * Handles one text frame: sends its reply, then anything the reply implies (lists, histories). A message
     * beyond the connection's rate limit gets a {@code RATE_LIMITED} error; a flood of them closes with 1008.
     */
    public void handle(LobbyClient client, String text) {
        client.touched();
        switch (client.tryMessage()) {
            case FLOOD -> {
                client.sink().close(CloseCodes.POLICY_VIOLATION, "lobby message flood");
                return;
            }
            case REJECTED -> {
                client.sink().send(error(ErrorCode.RATE_LIMITED,
                        "Too many messages: at most " + settings.limits().lobbyRatePerSecond() + " a second.", null)
                        .toString());
                return;
            }
            default -> {
            }
        }
        List<JsonObject> after = new ArrayList<>(4);
        JsonObject reply = reply(client, text, after);
        client.sink().send(reply.toString());
        for (JsonObject o : after) {
            client.sink().send(o.toString());
        }
    }

    private JsonObject reply(LobbyClient client, String text, List<JsonObject> after) {
        String type = null;
        try {
            JsonObject msg = LobbyRequests.parse(text);
            type = LobbyRequests.type(msg);
            if (type.equals("hello") && client.greeted()) {
                return error(ErrorCode.ALREADY_GREETED, "This connection already said hello.", type);
            }
            if (!type.equals("hello") && !client.greeted()) {
                return error(ErrorCode.HELLO_REQUIRED, "Say hello with a nickname first.", type);
            }
            LobbyRequest request = LobbyRequests.fields(type, msg, settings.rooms().maxCapacity());
            if (rooms.stopping() && takesASeat(request)) {
                return error(ErrorCode.SHUTTING_DOWN, "The server is shutting down; try again in a few seconds.", type);
            }
            if (rooms.draining() && opensARoom(request)) {
                return error(ErrorCode.SHUTTING_DOWN, "This server takes no new games at the moment; join a running"
                        + " room or try again in a few minutes.", type);
            }
            if (request instanceof LobbyRequest.Hello h) {
                return hello(client, h, after);
            } else if (request instanceof LobbyRequest.ListRooms) {
                return summaries().list("rooms");
            } else if (request instanceof LobbyRequest.CreateRoom c) {
                String game = gameOrDefault(c.game(), type);
                int capacity = c.capacity() != null ? c.capacity()
                        : Math.min(settings.rooms().capacity(), manager().offered(game).orElseThrow().maxPlayers());
                return joined(client, manager().createRoom(c.name(), capacity, c.isPrivate(), game), after);
            } else if (request instanceof LobbyRequest.JoinRoom j) {
                Optional<Room> room = manager().find(j.roomId()).filter(r -> !r.isClosed() && !r.isPrivate());
                if (room.isPresent()) {
                    return joined(client, room.get(), after);
                }
                ClusterView.RemoteRoom remote = cluster.view().room(j.roomId()).filter(r -> !r.room().isPrivate())
                        .orElseThrow(() -> notFound(j.roomId(), "No room with that id."));
                return joinedRemote(client, remote, after);
            } else if (request instanceof LobbyRequest.JoinByCode j) {
                Optional<Room> room = manager().findByCode(j.code());
                if (room.isPresent()) {
                    return joined(client, room.get(), after);
                }
                ClusterView.RemoteRoom remote = cluster.view().byCode(j.code()).orElseThrow(
                        () -> notFound("code:" + j.code().strip().toUpperCase(Locale.ROOT), "No private room with that code."));
                return joinedRemote(client, remote, after);
            } else if (request instanceof LobbyRequest.QuickPlay q) {
                String game = gameOrDefault(q.game(), type);
                Optional<ClusterView.RemoteRoom> remote = fullestRemoteRoom(game);
                Optional<Room> local = manager().rooms().stream()
                        .filter(r -> !r.isClosed() && !r.isPrivate() && r.seatsTaken() < r.capacity()
                                && r.game().equals(game))
                        .max(Comparator.comparingInt(Room::seatsTaken).thenComparing(Room::id));
                if (remote.isPresent() && (local.isEmpty()
                        || remote.get().room().players() > local.get().seatsTaken())) {
                    return joinedRemote(client, remote.get(), after);
                }
                return joined(client, manager().quickPlayRoom(game), after);
            } else if (request instanceof LobbyRequest.Leave) {
                return leave(client);
            } else if (request instanceof LobbyRequest.Chat c) {
                return postChat(client, c);
            }
            throw new IllegalStateException(type);
        } catch (LobbyRequests.BadRequest e) {
            return error(e.code(), e.getMessage(), e.re());
        } catch (RoomException e) {
            return error(e.code(), e.getMessage(), type);
        }
    }

    /** ROOM_LOST for a room whose node went down (cluster mode), else ROOM_NOT_FOUND with the message. */
    private RoomException notFound(String roomIdOrCode, String message) {
        String node = cluster.lostWith(roomIdOrCode);
        return node == null ? new RoomException(ErrorCode.ROOM_NOT_FOUND, message)
                : new RoomException(ErrorCode.ROOM_LOST, "That room's server (node " + node
                + ") went down, so its match was lost.");
    }

    /** Requests that would seat the player in a room (refused while the server shuts down). */
    /** Requests that may open a room on this node (quick play opens one when no room has a seat). */
    private static boolean opensARoom(LobbyRequest r) {
        return r instanceof LobbyRequest.CreateRoom || r instanceof LobbyRequest.QuickPlay;
    }

    private static boolean takesASeat(LobbyRequest r) {
        return r instanceof LobbyRequest.CreateRoom || r instanceof LobbyRequest.JoinRoom
                || r instanceof LobbyRequest.JoinByCode || r instanceof LobbyRequest.QuickPlay;
    }

    private RoomSummaries summaries;

    /** Rooms as the lobby shows them (built on first use: the room manager is). */
    private synchronized RoomSummaries summaries() {
        if (summaries == null) {
            summaries = new RoomSummaries(this::manager, cluster);
        }
        return summaries;
    }

    private RoomManager manager() {
        return rooms.manager();
    }

    private JsonObject hello(LobbyClient client, LobbyRequest.Hello hello, List<JsonObject> after) {
        String nickname = hello.nickname();
        String playerId;
        if (hello.token() != null) {
            try {
                playerId = tokens().verify(hello.token()).playerId();
            } catch (SessionTokens.InvalidToken e) {
                return error(e.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN, e.getMessage(), "hello");
            }
        } else {
            playerId = "p" + RandomIds.id(11);
        }
        clients.greet(client, playerId, nickname);
        JsonObjectBuilder welcome = JSON.createObjectBuilder().add("type", "welcome").add("playerId", playerId)
                .add("nickname", nickname).add("protocol", Protocol.VERSION).add("server", SERVER_NAME)
                .add("token", tokens().issue(playerId, nickname)).add("settings", clientSettings());
        Optional<SeatTickets.Ticket> resume = manager().resumeTicket(playerId, nickname);
        resume.ifPresent(t -> welcome.add("resume", JSON.createObjectBuilder().add("room", summaries().of(t.room()))
                .add("gamePath", gamePath(t))));
        Optional<ClusterView.RemoteSeat> remote = resume.isPresent() ? Optional.empty() : cluster.view().seat(playerId);
        remote.ifPresent(seat -> welcome.add("resume", JSON.createObjectBuilder().add("room", RoomSummaries.of(seat.room()))
                .add("gamePath", remoteGamePath(seat.room(), playerId, nickname))));
        if (cluster.enabled()) {
            welcome.add("cluster", clusterStatus());
        }
        after.add(summaries().list("roomList")); // a push of its own type: a listRooms reply is "rooms"
        after.add(presence.list());
        after.add(chat.history(null));
        resume.ifPresent(t -> after.add(chat.history(t.room().id())));
        remote.ifPresent(seat -> after.add(chat.history(seat.room().room().id())));
        return welcome.build();
    }

    /**
     * What a client needs to know of this server's settings (protocol 8): the games offered (each with its largest
     * room, its rates and its own client settings, such as the arena's respawn delay) and the default one, room
     * capacities to offer, how long a dropped seat is held and the game stream's interest area.
     */
    private JsonObject clientSettings() {
        var games = JSON.createArrayBuilder();
        for (var g : manager().games()) {
            var gb = JSON.createObjectBuilder().add("name", g.name()).add("maxCapacity", g.maxPlayers())
                    .add("tickRateHz", g.tickRateHz()).add("snapshotRateHz", g.snapshotRateHz())
                    .add("inputBytes", g.game().inputBytes());
            g.game().clientSettings().forEach((k, v) -> gb.add(k, new java.math.BigDecimal(v.toString())));
            games.add(gb);
        }
        return JSON.createObjectBuilder().add("games", games).add("defaultGame", manager().defaultGame())
                .add("minCapacity", 2).add("maxCapacity", settings.rooms().maxCapacity())
                .add("defaultCapacity", settings.rooms().capacity())
                .add("seatHoldSeconds", settings.rooms().seatHoldSeconds())
                .add("viewWidth", settings.rooms().interestViewWidth()).add("viewHeight", settings.rooms().interestViewHeight())
                .add("interestMargin", settings.rooms().interestMargin())
                .add("maxSpectators", settings.rooms().maxSpectators())
                .build();
    }

    /** The game a request names, or the default game; a game not offered here is refused (UNKNOWN_GAME). */
    private String gameOrDefault(String asked, String type) throws RoomException {
        String game = asked == null ? manager().defaultGame() : asked;
        if (manager().offered(game).isEmpty()) {
            throw new RoomException(ErrorCode.UNKNOWN_GAME, "This server offers no game called '" + game + "'.");
        }
        return game;
    }

    /** The public room of another node with the most players that still has a seat (cluster mode). */
    private Optional<ClusterView.RemoteRoom> fullestRemoteRoom(String game) {
        ClusterView.Snapshot v = cluster.view();
        return v.rooms().stream()
                .filter(r -> !r.room().isPrivate() && r.room().players() < r.room().capacity()
                        && game.equals(r.room().game())
                        && !v.nodes().get(r.node()).draining())
                .max(Comparator.comparingInt((ClusterView.RemoteRoom r) -> r.room().players())
                        .thenComparing(r -> r.room().id()));
    }

    /**
     * Joins a room of another node: the player leaves its seat anywhere else, and gets a ticket signed for the
     * cluster with the path of the room's node. The seat is taken when the game stream opens there (4006 if the
     * room filled meanwhile).
     */
    private JsonObject joinedRemote(LobbyClient client, ClusterView.RemoteRoom remote, List<JsonObject> after)
            throws RoomException {
        NodeState.RoomEntry room = remote.room();
        NodeState node = cluster.view().nodes().get(remote.node());
        Optional<ClusterView.RemoteSeat> seat = cluster.view().seat(client.playerId());
        boolean member = seat.isPresent() && seat.get().room().room().id().equals(room.id());
        if (node == null || node.draining()) {
            throw new RoomException(ErrorCode.ROOM_NOT_FOUND, "That room's server is shutting down.");
        }
        if (!member && room.players() >= room.capacity()) {
            throw new RoomException(ErrorCode.ROOM_FULL, "Room " + room.id() + " is full (" + room.capacity()
                    + " players).");
        }
        if (!member) {
            manager().leave(client.playerId());
            seat.filter(s -> !s.room().node().equals(remote.node()))
                    .ifPresent(s -> cluster.sendLeave(s.room().node(), client.playerId()));
        }
        String ticket = manager().signedTicket(room.id(), client.playerId(), client.nickname());
        return joinedReply(RoomSummaries.of(remote), room.id(), room.code(), ticket,
                RoomManager.gamePath(remote.path(), room.id(), ticket), after);
    }

    private String remoteGamePath(ClusterView.RemoteRoom r, String playerId, String nickname) {
        return RoomManager.gamePath(r.path(), r.room().id(), manager().signedTicket(r.room().id(), playerId, nickname));
    }

    private JsonObject joined(LobbyClient client, Room room, List<JsonObject> after) throws RoomException {
        cluster.view().seat(client.playerId()).ifPresent(s -> cluster.sendLeave(s.room().node(), client.playerId()));
        SeatTickets.Ticket t = manager().reserve(room, client.playerId(), client.nickname());
        return joinedReply(summaries().of(room), room.id(), room.code(), t.token(), gamePath(t), after);
    }

    /** The {@code joined} reply, followed by the room's chat history. */
    private JsonObject joinedReply(JsonObject summary, String roomId, String code, String ticket, String gamePath,
                                   List<JsonObject> after) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "joined").add("room", summary)
                .add("ticket", ticket).add("gamePath", gamePath);
        if (code != null) {
            b.add("code", code);
        }
        after.add(chat.history(roomId));
        return b.build();
    }

    private String gamePath(SeatTickets.Ticket t) {
        return RoomManager.gamePath(cluster.nodePath(), t.room().id(), t.token());
    }

    private JsonObject leave(LobbyClient client) {
        String roomId = manager().leave(client.playerId());
        if (roomId == null) {
            Optional<ClusterView.RemoteSeat> seat = cluster.view().seat(client.playerId());
            if (seat.isPresent()) {
                cluster.sendLeave(seat.get().room().node(), client.playerId());
                roomId = seat.get().room().room().id();
            }
        }
        if (roomId == null) {
            return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "leave");
        }
        return JSON.createObjectBuilder().add("type", "left").add("roomId", roomId).build();
    }

    private JsonObject postChat(LobbyClient client, LobbyRequest.Chat msg) {
        String clean = msg.text();
        String roomId = null;
        Set<String> members = Set.of();
        if (msg.room()) {
            Optional<LocalRoom> room = manager().membership(client.playerId());
            Optional<ClusterView.RemoteSeat> remote = room.isPresent() ? Optional.empty()
                    : cluster.view().seat(client.playerId());
            if (room.isPresent()) {
                roomId = room.get().id();
                members = room.get().memberIds();
            } else if (remote.isPresent()) {
                roomId = remote.get().room().room().id();
                members = new java.util.HashSet<>();
                for (NodeState.Member m : remote.get().room().room().members()) {
                    members.add(m.playerId());
                }
            } else {
                return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "chat");
            }
        }
        if (!client.tryChat()) {
            return error(ErrorCode.CHAT_RATE_LIMITED, "Slow down: about one message a second.", "chat");
        }
        ChatChannels.Posted p = chat.post(client, roomId, members, clean);
        if (cluster.enabled()) {
            cluster.publishChat(new ClusterMessages.Chat(cluster.nodeId(), p.id(), roomId, List.copyOf(members),
                    p.fromId(), p.fromNickname(), p.text(), p.atMillis()));
        }
        return JSON.createObjectBuilder().add("type", "chatSent").add("id", p.id()).build();
    }

    /** This node's own part of the cluster's lobby: its rooms with their members, and its greeted players. */
    private NodeState localState() {
        List<NodeState.RoomEntry> local = new ArrayList<>();
        for (Room r : manager().rooms()) {
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
        return new NodeState(cluster.nodeId(), cluster.nodePath(), cluster.incarnation(), 0, rooms.stopping(), local,
                presence, total);
    }

    /**
     * Pushes what changed since the last push: public rooms opened, changed or closed, and players who came,
     * went or changed status. Called every {@code lobby.pushIntervalMillis} by one thread.
     */
    public void pushChanges() {
        if (cluster.enabled()) {
            cluster.offerLocalState(localState());
        }
        Map<String, JsonObject> nowRooms = summaries().publicRooms();
        JsonObject roomsChanged = diff("roomsChanged", pushedRooms, nowRooms, "closed");
        pushedRooms = nowRooms;
        JsonObject presenceChanged = presence.changes();
        ClusterView.Snapshot view = cluster.view();
        chat.forgetRooms(id -> manager().find(id).isEmpty() && view.room(id).isEmpty());
        String a = roomsChanged == null ? null : roomsChanged.toString();
        String b = presenceChanged == null ? null : presenceChanged.toString();
        if (a == null && b == null) {
            return;
        }
        if (a != null) {
            clients.broadcast(a);
        }
        if (b != null) {
            clients.broadcast(b);
        }
    }

    private static JsonObject diff(String type, Map<String, JsonObject> before, Map<String, JsonObject> now,
                                   String goneField) {
        JsonArrayBuilder updated = JSON.createArrayBuilder();
        JsonArrayBuilder gone = JSON.createArrayBuilder();
        boolean any = false;
        for (Map.Entry<String, JsonObject> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                updated.add(e.getValue());
                any = true;
            }
        }
        for (String id : before.keySet()) {
            if (!now.containsKey(id)) {
                gone.add(id);
                any = true;
            }
        }
        return any ? JSON.createObjectBuilder().add("type", type).add("updated", updated).add(goneField, gone).build()
                : null;
    }

    /** True when the connection is outside any room and has been silent longer than the idle timeout. */
    public boolean isIdle(LobbyClient client, long nowNanos) {
        if (client.greeted() && (manager().membership(client.playerId()).isPresent()
                || cluster.view().seat(client.playerId()).isPresent())) {
            return false;
        }
        return nowNanos - client.lastMessageNanos() > settings.lobby().idleTimeoutSeconds() * 1_000_000_000L;
    }

    /** A typed error reply. */
    public static JsonObject error(ErrorCode code, String message, String re) {
        var b = JSON.createObjectBuilder().add("type", "error").add("code", code.name()).add("message", message);
        if (re != null) {
            b.add("re", re);
        }
        return b.build();
    }
}
