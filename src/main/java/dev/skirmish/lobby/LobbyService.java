package dev.skirmish.lobby;

import dev.skirmish.config.GameSettings;
import dev.skirmish.config.Limits;
import dev.skirmish.limits.RateLimit;
import dev.skirmish.protocol.CloseCodes;
import dev.skirmish.protocol.ErrorCode;
import dev.skirmish.protocol.Protocol;
import dev.skirmish.protocol.RandomIds;
import dev.skirmish.room.LocalRoom;
import dev.skirmish.room.Room;
import dev.skirmish.room.RoomException;
import dev.skirmish.room.RoomManager;
import dev.skirmish.room.RoomService;
import dev.skirmish.room.SeatTickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import static dev.skirmish.lobby.Jsonp.JSON;

/**
 * The lobby: greets players (with signed session tokens), lists, creates and joins rooms, carries chat, and
 * pushes room-list and presence changes. Each request gets one reply; every failure is a typed {@code error}
 * (see {@link ErrorCode}) and nothing here throws to the endpoint for bad input.
 */
@ApplicationScoped
public class LobbyService {
    /** Product name and version sent in the welcome. */
    public static final String SERVER_NAME = "skirmish/0.1";
    /** Player entries in the presence list sent on hello. */
    public static final int PRESENCE_LIST_MAX = 500;

    @Inject
    RoomService rooms;

    @Inject
    GameSettings settings;

    private final LobbyClients clients = new LobbyClients();
    private final ChatChannels chat = new ChatChannels(clients);
    private SessionTokens tokens;
    // written by the push task only
    private Map<String, JsonObject> pushedRooms = Map.of();
    private Map<String, JsonObject> pushedPresence = Map.of();

    private synchronized SessionTokens tokens() {
        if (tokens == null) {
            tokens = new SessionTokens(settings.sessionSecret(), settings.sessionTokenTtlSeconds(),
                    () -> System.currentTimeMillis() / 1000);
        }
        return tokens;
    }

    /** A new connection's lobby state, with its message and chat allowances from the settings. */
    public LobbyClient newClient(LobbySink sink) {
        LongSupplier clock = System::nanoTime;
        Limits l = settings.limits();
        return new LobbyClient(sink, clock,
                new RateLimit(l.lobbyRatePerSecond(), l.lobbyBurst(), l.lobbyMaxRejectedPerSecond(), clock),
                new RateLimit(settings.chatRatePerSecond(), settings.chatBurst(), Integer.MAX_VALUE, clock));
    }

    /** Counts a new lobby connection; false when the node is at {@code lobby.maxConnections}. */
    public boolean admit() {
        return clients.admit(settings.lobbyMaxConnections());
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
            LobbyRequest request = LobbyRequests.fields(type, msg, settings.roomMaxCapacity());
            if (rooms.stopping() && takesASeat(request)) {
                return error(ErrorCode.SHUTTING_DOWN, "The server is shutting down; try again in a few seconds.", type);
            }
            if (request instanceof LobbyRequest.Hello h) {
                return hello(client, h, after);
            } else if (request instanceof LobbyRequest.ListRooms) {
                return roomList();
            } else if (request instanceof LobbyRequest.CreateRoom c) {
                int capacity = c.capacity() == null ? settings.roomCapacity() : c.capacity();
                return joined(client, manager().createRoom(c.name(), capacity, c.isPrivate()), after);
            } else if (request instanceof LobbyRequest.JoinRoom j) {
                Room room = manager().find(j.roomId()).filter(r -> !r.isClosed() && !r.isPrivate())
                        .orElseThrow(() -> new RoomException(ErrorCode.ROOM_NOT_FOUND, "No room with that id."));
                return joined(client, room, after);
            } else if (request instanceof LobbyRequest.JoinByCode j) {
                Room room = manager().findByCode(j.code()).orElseThrow(
                        () -> new RoomException(ErrorCode.ROOM_NOT_FOUND, "No private room with that code."));
                return joined(client, room, after);
            } else if (request instanceof LobbyRequest.QuickPlay) {
                return joined(client, manager().quickPlayRoom(), after);
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
    private static boolean takesASeat(LobbyRequest r) {
        return r instanceof LobbyRequest.CreateRoom || r instanceof LobbyRequest.JoinRoom
                || r instanceof LobbyRequest.JoinByCode || r instanceof LobbyRequest.QuickPlay;
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
                .add("token", tokens().issue(playerId, nickname));
        Optional<SeatTickets.Ticket> resume = manager().resumeTicket(playerId, nickname);
        resume.ifPresent(t -> welcome.add("resume", JSON.createObjectBuilder().add("room", summary(t.room()))
                .add("gamePath", gamePath(t))));
        after.add(roomList());
        after.add(presenceList());
        after.add(chat.history(null));
        resume.ifPresent(t -> after.add(chat.history(t.room().id())));
        return welcome.build();
    }

    private JsonObject roomList() {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        publicRooms().values().forEach(list::add);
        return JSON.createObjectBuilder().add("type", "rooms").add("rooms", list).build();
    }

    /** Summaries of the open public rooms, by name then id. */
    private Map<String, JsonObject> publicRooms() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        manager().rooms().stream().filter(r -> !r.isClosed() && !r.isPrivate())
                .sorted(Comparator.comparing(Room::name).thenComparing(Room::id))
                .forEach(r -> out.put(r.id(), summary(r)));
        return out;
    }

    private JsonObject joined(LobbyClient client, Room room, List<JsonObject> after) throws RoomException {
        SeatTickets.Ticket t = manager().reserve(room, client.playerId(), client.nickname());
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "joined").add("room", summary(room))
                .add("ticket", t.token()).add("gamePath", gamePath(t));
        if (room.isPrivate()) {
            b.add("code", room.code());
        }
        after.add(chat.history(room.id()));
        return b.build();
    }

    private static String gamePath(SeatTickets.Ticket t) {
        return "ws/game/" + t.room().id() + "?ticket=" + t.token();
    }

    private JsonObject leave(LobbyClient client) {
        String roomId = manager().leave(client.playerId());
        if (roomId == null) {
            return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "leave");
        }
        return JSON.createObjectBuilder().add("type", "left").add("roomId", roomId).build();
    }

    private JsonObject postChat(LobbyClient client, LobbyRequest.Chat msg) {
        String clean = msg.text();
        LocalRoom room = null;
        if (msg.room()) {
            room = manager().membership(client.playerId()).orElse(null);
            if (room == null) {
                return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "chat");
            }
        }
        if (!client.tryChat()) {
            return error(ErrorCode.CHAT_RATE_LIMITED, "Slow down: about one message a second.", "chat");
        }
        long id = room == null ? chat.post(client, null, Set.of(), clean)
                : chat.post(client, room.id(), room.memberIds(), clean);
        return JSON.createObjectBuilder().add("type", "chatSent").add("id", id).build();
    }

    private JsonObject presenceList() {
        Map<String, JsonObject> all = presence();
        JsonArrayBuilder list = JSON.createArrayBuilder();
        all.values().stream().limit(PRESENCE_LIST_MAX).forEach(list::add);
        return JSON.createObjectBuilder().add("type", "presence").add("players", list).add("total", all.size()).build();
    }

    /** One entry per greeted player: nickname and status (lobby, room, playing). */
    private Map<String, JsonObject> presence() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (LobbyClient c : clients.greeted()) {
            String id = c.playerId();
            JsonObjectBuilder b = JSON.createObjectBuilder().add("playerId", id).add("nickname", c.nickname());
            Optional<LocalRoom> room = manager().membership(id);
            if (room.isEmpty()) {
                b.add("status", "lobby");
            } else {
                Boolean connected = room.get().memberConnected(id);
                b.add("status", Boolean.TRUE.equals(connected) ? "playing" : "room");
                if (!room.get().isPrivate()) {
                    b.add("roomId", room.get().id()).add("roomName", room.get().name());
                }
            }
            out.put(id, b.build());
        }
        return out;
    }

    /**
     * Pushes what changed since the last push: public rooms opened, changed or closed, and players who came,
     * went or changed status. Called every {@code lobby.pushIntervalMillis} by one thread.
     */
    public void pushChanges() {
        Map<String, JsonObject> nowRooms = publicRooms();
        JsonObject roomsChanged = diff("roomsChanged", pushedRooms, nowRooms, "closed");
        pushedRooms = nowRooms;
        Map<String, JsonObject> nowPresence = presence();
        JsonObject presenceChanged = diff("presenceChanged", pushedPresence, nowPresence, "left");
        pushedPresence = nowPresence;
        chat.forgetRooms(id -> manager().find(id).isEmpty());
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
        if (client.greeted() && manager().membership(client.playerId()).isPresent()) {
            return false;
        }
        return nowNanos - client.lastMessageNanos() > settings.lobbyIdleTimeoutSeconds() * 1_000_000_000L;
    }

    private static JsonObject summary(Room r) {
        return JSON.createObjectBuilder().add("id", r.id()).add("name", r.name()).add("players", r.seatsTaken())
                .add("capacity", r.capacity()).add("map", r.mapName())
                .add("phase", r.phase().name().toLowerCase(Locale.ROOT)).add("private", r.isPrivate()).build();
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
