package dev.skirmish.lobby;

import dev.skirmish.config.GameSettings;
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
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** Counts a new lobby connection; false when the node is at {@code lobby.maxConnections}. */
    public boolean admit() {
        return clients.admit(settings.lobbyMaxConnections());
    }

    /** A connection admitted by {@link #admit()} has ended. */
    public void release(LobbyClient client) {
        clients.release(client);
    }

    /** Handles one text frame: sends its reply, then anything the reply implies (lists, histories). */
    public void handle(LobbyClient client, String text) {
        client.touched();
        List<JsonObject> after = new ArrayList<>(4);
        JsonObject reply = reply(client, text, after);
        client.sink().send(reply.toString());
        for (JsonObject o : after) {
            client.sink().send(o.toString());
        }
    }

    private JsonObject reply(LobbyClient client, String text, List<JsonObject> after) {
        JsonObject msg;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                return error(ErrorCode.BAD_JSON, "A message must be a JSON object.", null);
            }
            msg = v.asJsonObject();
        } catch (RuntimeException e) {
            return error(ErrorCode.BAD_JSON, "The message is not valid JSON.", null);
        }
        JsonValue typeValue = msg.get("type");
        if (!(typeValue instanceof JsonString typeString)) {
            return error(ErrorCode.UNKNOWN_TYPE, "A message needs a string field 'type'.", null);
        }
        String type = typeString.getString();
        if (!isKnown(type)) {
            return error(ErrorCode.UNKNOWN_TYPE, "Unknown message type.", null);
        }
        try {
            if (type.equals("hello")) {
                return hello(client, msg, after);
            }
            if (!client.greeted()) {
                return error(ErrorCode.HELLO_REQUIRED, "Say hello with a nickname first.", type);
            }
            return switch (type) {
                case "listRooms" -> roomList();
                case "createRoom" -> createRoom(client, msg, after);
                case "joinRoom" -> joinRoom(client, msg, after);
                case "joinByCode" -> joinByCode(client, msg, after);
                case "quickPlay" -> joined(client, manager().quickPlayRoom(), after);
                case "leave" -> leave(client);
                case "chat" -> postChat(client, msg);
                default -> throw new IllegalStateException(type);
            };
        } catch (RoomException e) {
            return error(e.code(), e.getMessage(), type);
        } catch (BadField e) {
            return error(e.code, e.getMessage(), type);
        }
    }

    private static boolean isKnown(String type) {
        return switch (type) {
            case "hello", "listRooms", "createRoom", "joinRoom", "joinByCode", "quickPlay", "leave", "chat" -> true;
            default -> false;
        };
    }

    private RoomManager manager() {
        return rooms.manager();
    }

    private JsonObject hello(LobbyClient client, JsonObject msg, List<JsonObject> after) throws BadField {
        if (client.greeted()) {
            return error(ErrorCode.ALREADY_GREETED, "This connection already said hello.", "hello");
        }
        JsonValue protocol = msg.get("protocol");
        if (!(protocol instanceof JsonNumber n)) {
            throw new BadField(ErrorCode.BAD_MESSAGE, "'protocol' must be a number.");
        }
        if (!n.isIntegral() || n.bigDecimalValue().compareTo(BigDecimal.valueOf(Protocol.VERSION)) != 0) {
            return error(ErrorCode.PROTOCOL_MISMATCH,
                    "This server speaks protocol " + Protocol.VERSION + "; reload the page.", "hello");
        }
        String nickname = Names.nickname(string(msg, "nickname"));
        if (nickname == null) {
            return error(ErrorCode.INVALID_NICKNAME,
                    "A nickname has 1 to 16 characters and no control characters.", "hello");
        }
        String playerId;
        JsonValue token = msg.get("token");
        if (token != null && token != JsonValue.NULL) {
            if (!(token instanceof JsonString t)) {
                throw new BadField(ErrorCode.BAD_MESSAGE, "'token' must be a string.");
            }
            try {
                playerId = tokens().verify(t.getString()).playerId();
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

    private JsonObject createRoom(LobbyClient client, JsonObject msg, List<JsonObject> after)
            throws RoomException, BadField {
        String name = Names.roomName(string(msg, "name"));
        if (name == null) {
            throw new BadField(ErrorCode.INVALID_ROOM_NAME,
                    "A room name has 1 to 32 characters and no control characters.");
        }
        int capacity = settings.roomCapacity();
        JsonValue c = msg.get("capacity");
        if (c != null && c != JsonValue.NULL) {
            if (!(c instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().compareTo(BigDecimal.valueOf(2)) < 0
                    || n.bigDecimalValue().compareTo(BigDecimal.valueOf(settings.roomMaxCapacity())) > 0) {
                throw new BadField(ErrorCode.INVALID_CAPACITY,
                        "Capacity must be a whole number from 2 to " + settings.roomMaxCapacity() + ".");
            }
            capacity = n.intValue();
        }
        JsonValue p = msg.get("private");
        boolean isPrivate = false;
        if (p != null && p != JsonValue.NULL) {
            if (p != JsonValue.TRUE && p != JsonValue.FALSE) {
                throw new BadField(ErrorCode.BAD_MESSAGE, "'private' must be true or false.");
            }
            isPrivate = p == JsonValue.TRUE;
        }
        return joined(client, manager().createRoom(name, capacity, isPrivate), after);
    }

    private JsonObject joinRoom(LobbyClient client, JsonObject msg, List<JsonObject> after)
            throws RoomException, BadField {
        String roomId = string(msg, "roomId");
        Room room = manager().find(roomId).filter(r -> !r.isClosed() && !r.isPrivate())
                .orElseThrow(() -> new RoomException(ErrorCode.ROOM_NOT_FOUND, "No room with that id."));
        return joined(client, room, after);
    }

    private JsonObject joinByCode(LobbyClient client, JsonObject msg, List<JsonObject> after)
            throws RoomException, BadField {
        Room room = manager().findByCode(string(msg, "code"))
                .orElseThrow(() -> new RoomException(ErrorCode.ROOM_NOT_FOUND, "No private room with that code."));
        return joined(client, room, after);
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

    private JsonObject postChat(LobbyClient client, JsonObject msg) throws BadField {
        String channel = string(msg, "channel");
        String text = string(msg, "text");
        if (!channel.equals("lobby") && !channel.equals("room")) {
            return error(ErrorCode.INVALID_CHAT, "The channel is 'lobby' or 'room'.", "chat");
        }
        String clean = Names.chatText(text);
        if (clean == null) {
            return error(ErrorCode.INVALID_CHAT,
                    "A chat message has 1 to " + Names.MAX_CHAT + " characters and no control characters.", "chat");
        }
        LocalRoom room = null;
        if (channel.equals("room")) {
            room = manager().membership(client.playerId()).orElse(null);
            if (room == null) {
                return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "chat");
            }
        }
        if (!client.tryChat(settings.chatRatePerSecond(), settings.chatBurst())) {
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

    private static String string(JsonObject msg, String field) throws BadField {
        JsonValue v = msg.get(field);
        if (!(v instanceof JsonString s)) {
            throw new BadField(ErrorCode.BAD_MESSAGE, "'" + field + "' must be a string.");
        }
        return s.getString();
    }


    /** A field that fails validation. */
    private static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        BadField(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }
}
