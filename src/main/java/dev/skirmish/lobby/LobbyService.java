package dev.skirmish.lobby;

import dev.skirmish.config.GameSettings;
import dev.skirmish.protocol.ErrorCode;
import dev.skirmish.protocol.Protocol;
import dev.skirmish.room.Room;
import dev.skirmish.room.RoomException;
import dev.skirmish.room.RoomManager;
import dev.skirmish.room.RoomService;
import dev.skirmish.room.SeatTickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lobby requests: one JSON text in, one JSON reply out. Every failure is a typed {@code error} reply (see
 * {@link ErrorCode}); nothing here throws to the endpoint for bad input.
 */
@ApplicationScoped
public class LobbyService {
    /** Product name and version sent in the welcome. */
    public static final String SERVER_NAME = "skirmish/0.1";
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    @Inject
    RoomService rooms;

    @Inject
    GameSettings settings;

    private final AtomicInteger connections = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** Counts a new lobby connection; false when the node is at {@code lobby.maxConnections}. */
    public boolean admit() {
        while (true) {
            int n = connections.get();
            if (n >= settings.lobbyMaxConnections()) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection admitted by {@link #admit()} has ended. */
    public void release() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    /** Handles one text frame and returns the reply. */
    public JsonObject handle(LobbyClient client, String text) {
        JsonObject msg;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
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
        try {
            if (!type.equals("hello") && !isKnown(type)) {
                return error(ErrorCode.UNKNOWN_TYPE, "Unknown message type.", null);
            }
            if (type.equals("hello")) {
                return hello(client, msg);
            }
            if (!client.greeted()) {
                return error(ErrorCode.HELLO_REQUIRED, "Say hello with a nickname first.", type);
            }
            return switch (type) {
                case "listRooms" -> roomList();
                case "createRoom" -> createRoom(client, msg);
                case "joinRoom" -> joinRoom(client, msg);
                case "quickPlay" -> joined(client, manager().quickPlayRoom());
                case "leave" -> leave(client);
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
            case "listRooms", "createRoom", "joinRoom", "quickPlay", "leave" -> true;
            default -> false;
        };
    }

    private RoomManager manager() {
        return rooms.manager();
    }

    private JsonObject hello(LobbyClient client, JsonObject msg) throws BadField {
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
        client.greet("p" + newId(11), nickname);
        return Json.createObjectBuilder().add("type", "welcome").add("playerId", client.playerId())
                .add("nickname", nickname).add("protocol", Protocol.VERSION).add("server", SERVER_NAME).build();
    }

    private JsonObject roomList() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        manager().rooms().stream().filter(r -> !r.isClosed())
                .sorted(Comparator.comparing(Room::name).thenComparing(Room::id))
                .forEach(r -> list.add(summary(r)));
        return Json.createObjectBuilder().add("type", "rooms").add("rooms", list).build();
    }

    private JsonObject createRoom(LobbyClient client, JsonObject msg) throws RoomException, BadField {
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
        return joined(client, manager().createRoom(name, capacity));
    }

    private JsonObject joinRoom(LobbyClient client, JsonObject msg) throws RoomException, BadField {
        String roomId = string(msg, "roomId");
        Room room = manager().find(roomId).filter(r -> !r.isClosed())
                .orElseThrow(() -> new RoomException(ErrorCode.ROOM_NOT_FOUND, "No room with that id."));
        return joined(client, room);
    }

    private JsonObject joined(LobbyClient client, Room room) throws RoomException {
        SeatTickets.Ticket t = manager().reserve(room, client.playerId(), client.nickname());
        return Json.createObjectBuilder().add("type", "joined").add("room", summary(room))
                .add("ticket", t.token()).add("gamePath", "ws/game/" + room.id() + "?ticket=" + t.token()).build();
    }

    private JsonObject leave(LobbyClient client) {
        String roomId = manager().leave(client.playerId());
        if (roomId == null) {
            return error(ErrorCode.NOT_IN_ROOM, "You are not in a room.", "leave");
        }
        return Json.createObjectBuilder().add("type", "left").add("roomId", roomId).build();
    }

    private static JsonObject summary(Room r) {
        return Json.createObjectBuilder().add("id", r.id()).add("name", r.name()).add("players", r.seatsTaken())
                .add("capacity", r.capacity()).add("map", r.mapName())
                .add("phase", r.phase().name().toLowerCase(Locale.ROOT)).build();
    }

    /** A typed error reply. */
    public static JsonObject error(ErrorCode code, String message, String re) {
        var b = Json.createObjectBuilder().add("type", "error").add("code", code.name()).add("message", message);
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

    private String newId(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return b.toString();
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
