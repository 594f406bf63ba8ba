package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.Limits;
import dev.skirmish.engine.limits.RateLimit;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.protocol.RandomIds;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.RoomService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
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
 * and that node's path, and a {@code cluster} message tells the lobby when Redis is out of reach (degraded). This
 * class does not ask which node a room is on: {@link Seating} answers where players sit and can sit (on any node),
 * {@link RoomSummaries} lists the rooms, and {@link LobbyCluster} is the lobby's side of the cluster (joining it,
 * its chat and status, this node's lobby state).
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
    private final Presence presence = new Presence(clients, () -> cluster.digest(), id -> manager().membership(id),
            id -> seating().knownRoom(id), () -> cluster.node() == null ? Map.of() : cluster.node().watchedSeats());
    private Seating seating;
    private LobbyCluster lobbyCluster;
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
        lobbyCluster().start();
    }

    /** The lobby's side of the cluster (built on first use: the injected services are). */
    private synchronized LobbyCluster lobbyCluster() {
        if (lobbyCluster == null) {
            lobbyCluster = new LobbyCluster(cluster, clients, chat, this::manager, id -> seating().playersIn(id));
        }
        return lobbyCluster;
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
            } else if (request instanceof LobbyRequest.ListReplays) {
                return ReplaySummaries.list("replays", manager().replays(), cluster.nodePath());
            } else if (request instanceof LobbyRequest.CreateRoom c) {
                String game = gameOrDefault(c.game(), type);
                int capacity = c.capacity() != null ? c.capacity()
                        : Math.min(settings.rooms().capacity(), manager().offered(game).orElseThrow().maxPlayers());
                return joined(client, new Seating.Here(manager().createRoom(c.name(), capacity, c.isPrivate(), game)),
                        after);
            } else if (request instanceof LobbyRequest.JoinRoom j) {
                return joined(client, seating().byId(j.roomId()), after);
            } else if (request instanceof LobbyRequest.JoinByCode j) {
                return joined(client, seating().byCode(j.code()), after);
            } else if (request instanceof LobbyRequest.QuickPlay q) {
                Seating.Taken t = seating().quickPlay(gameOrDefault(q.game(), type), client.playerId(),
                        client.nickname());
                return joinedReply(client, t, after);
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

    /** Where players sit and can sit, on this node and the others (built on first use: the room manager is). */
    private synchronized Seating seating() {
        if (seating == null) {
            seating = new Seating(this::manager, cluster);
        }
        return seating;
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
        Optional<Seating.Taken> resume = seating().resume(playerId, nickname);
        resume.ifPresent(t -> welcome.add("resume", JSON.createObjectBuilder().add("room", summary(t.place()))
                .add("gamePath", t.gamePath())));
        lobbyCluster().status().ifPresent(status -> welcome.add("cluster", status));
        after.add(summaries().list("roomList")); // a push of its own type: a listRooms reply is "rooms"
        after.add(presence.list());
        after.add(chat.history(null));
        resume.ifPresent(t -> {
            lobbyCluster().loadRoomHistory(t.place().id());
            after.add(chat.history(t.place().id()));
        });
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

    /** Seats the player in {@code place} (on any node): the {@code joined} reply, then the room's chat history. */
    private JsonObject joined(LobbyClient client, Seating.Place place, List<JsonObject> after) throws RoomException {
        return joinedReply(client, seating().take(place, client.playerId(), client.nickname()), after);
    }

    /** The {@code joined} reply for a seat taken, after the room's chat history is at hand. */
    private JsonObject joinedReply(LobbyClient client, Seating.Taken t, List<JsonObject> after) {
        if (t.place() instanceof Seating.There) {
            lobbyCluster().loadRoomHistory(t.place().id());
        }
        return joinedReply(summary(t.place()), t.place().id(), t.code(), t.ticket(), t.gamePath(), after);
    }

    /** A room's summary, wherever it is. */
    private JsonObject summary(Seating.Place place) {
        return place instanceof Seating.Here h ? summaries().of(h.room())
                : RoomSummaries.of(((Seating.There) place).remote());
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

    private JsonObject leave(LobbyClient client) {
        String roomId = seating().leave(client.playerId());
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
            Optional<Seating.Membership> in = seating().membership(client.playerId());
            if (in.isEmpty()) {
                return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "chat");
            }
            roomId = in.get().roomId();
            members = in.get().memberIds();
        }
        if (!client.tryChat()) {
            return error(ErrorCode.CHAT_RATE_LIMITED, "Slow down: about one message a second.", "chat");
        }
        if (roomId == null && !lobbyCluster().mayPostToLobby()) {
            return error(ErrorCode.CHAT_RATE_LIMITED, "The lobby chat is busy across the servers: try again in a"
                    + " moment, or chat in your room.", "chat");
        }
        ChatChannels.Posted p = chat.post(client, roomId, members, clean);
        lobbyCluster().published(p, members);
        return JSON.createObjectBuilder().add("type", "chatSent").add("id", p.id()).build();
    }

    /**
     * Pushes what changed since the last push: public rooms opened, changed or closed, and players who came,
     * went or changed status. Called every {@code lobby.pushIntervalMillis} by one thread.
     */
    public void pushChanges() {
        if (cluster.enabled()) {
            Set<String> watched = presence.listedElsewhere();
            List<String> greeted = clients.greeted().stream().map(LobbyClient::playerId).toList();
            dev.skirmish.engine.cluster.ClusterNode node = cluster.node();
            seating().prune(greeted, node == null ? Map.of() : node.watchedSeats());
            lobbyCluster().offerLocalState(presence.firstLines(dev.skirmish.engine.cluster.NodeInfo.NAMES), watched,
                    seating().knownRooms());
        }
        Map<String, JsonObject> nowRooms = summaries().publicRooms();
        JsonObject roomsChanged = diff("roomsChanged", pushedRooms, nowRooms, "closed");
        pushedRooms = nowRooms;
        JsonObject presenceChanged = presence.changes();
        chat.forgetRooms(id -> !seating().exists(id));
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
        if (client.greeted() && seating().seated(client.playerId())) {
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
