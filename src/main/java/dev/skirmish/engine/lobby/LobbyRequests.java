package dev.skirmish.engine.lobby;

import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.Protocol;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

/**
 * Decodes the lobby's JSON text frames into {@link LobbyRequest}s in three steps (parse, type, fields), so that
 * the lobby can check the connection's state between them. Every rejection is a {@link BadRequest} with a
 * documented {@link ErrorCode}; nothing else is thrown, whatever the text. Unknown fields are ignored.
 */
public final class LobbyRequests {
    private LobbyRequests() {
    }

    /** A message that cannot be handled, with the error to reply and the type it had (null if unknown). */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;
        private final String re;

        BadRequest(ErrorCode code, String message, String re) {
            super(message, null, false, false);
            this.code = code;
            this.re = re;
        }

        public ErrorCode code() {
            return code;
        }

        /** The {@code type} of the refused message, or null when it had none or an unknown one. */
        public String re() {
            return re;
        }
    }

    /** Parses all three steps at once (for tests and tools); the lobby calls them one by one. */
    public static LobbyRequest decode(String text, int maxCapacity) throws BadRequest {
        JsonObject msg = parse(text);
        return fields(type(msg), msg, maxCapacity);
    }

    /** Step 1: the text must be one JSON object. */
    public static JsonObject parse(String text) throws BadRequest {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new BadRequest(ErrorCode.BAD_JSON, "A message must be a JSON object.", null);
            }
            return v.asJsonObject();
        } catch (RuntimeException | StackOverflowError e) {
            // JSON-P reports malformed text with unchecked exceptions; deep nesting may exhaust the stack
            throw new BadRequest(ErrorCode.BAD_JSON, "The message is not valid JSON.", null);
        }
    }

    /** Step 2: a known string {@code type}. */
    public static String type(JsonObject msg) throws BadRequest {
        if (!(msg.get("type") instanceof JsonString typeString)) {
            throw new BadRequest(ErrorCode.UNKNOWN_TYPE, "A message needs a string field 'type'.", null);
        }
        String type = typeString.getString();
        return switch (type) {
            case "hello", "listRooms", "listReplays", "createRoom", "joinRoom", "joinByCode", "quickPlay", "leave",
                    "chat" -> type;
            default -> throw new BadRequest(ErrorCode.UNKNOWN_TYPE, "Unknown message type.", null);
        };
    }

    /** Step 3: the fields of a message of a known type. */
    public static LobbyRequest fields(String type, JsonObject msg, int maxCapacity) throws BadRequest {
        return switch (type) {
            case "hello" -> hello(msg);
            case "listRooms" -> new LobbyRequest.ListRooms();
            case "listReplays" -> new LobbyRequest.ListReplays();
            case "createRoom" -> createRoom(msg, maxCapacity);
            case "joinRoom" -> new LobbyRequest.JoinRoom(string(msg, "roomId", type));
            case "joinByCode" -> new LobbyRequest.JoinByCode(string(msg, "code", type));
            case "quickPlay" -> new LobbyRequest.QuickPlay(game(msg, "quickPlay"));
            case "leave" -> new LobbyRequest.Leave();
            case "chat" -> chat(msg);
            default -> throw new BadRequest(ErrorCode.UNKNOWN_TYPE, "Unknown message type.", null);
        };
    }

    private static LobbyRequest hello(JsonObject msg) throws BadRequest {
        if (!(msg.get("protocol") instanceof JsonNumber n)) {
            throw new BadRequest(ErrorCode.BAD_MESSAGE, "'protocol' must be a number.", "hello");
        }
        if (!isWhole(n) || n.bigDecimalValue().compareTo(BigDecimal.valueOf(Protocol.VERSION)) != 0) {
            throw new BadRequest(ErrorCode.PROTOCOL_MISMATCH,
                    "This server speaks protocol " + Protocol.VERSION + "; reload the page.", "hello");
        }
        String nickname = Names.nickname(string(msg, "nickname", "hello"));
        if (nickname == null) {
            throw new BadRequest(ErrorCode.INVALID_NICKNAME,
                    "A nickname has 1 to " + Names.MAX_NICKNAME + " characters and no control characters.", "hello");
        }
        JsonValue token = msg.get("token");
        if (token == null || token == JsonValue.NULL) {
            return new LobbyRequest.Hello(nickname, null);
        }
        if (!(token instanceof JsonString t)) {
            throw new BadRequest(ErrorCode.BAD_MESSAGE, "'token' must be a string.", "hello");
        }
        return new LobbyRequest.Hello(nickname, t.getString());
    }

    private static LobbyRequest createRoom(JsonObject msg, int maxCapacity) throws BadRequest {
        String name = Names.roomName(string(msg, "name", "createRoom"));
        if (name == null) {
            throw new BadRequest(ErrorCode.INVALID_ROOM_NAME,
                    "A room name has 1 to " + Names.MAX_ROOM_NAME + " characters and no control characters.",
                    "createRoom");
        }
        Integer capacity = null;
        JsonValue c = msg.get("capacity");
        if (c != null && c != JsonValue.NULL) {
            if (!(c instanceof JsonNumber n) || !isWhole(n)
                    || n.bigDecimalValue().compareTo(BigDecimal.valueOf(2)) < 0
                    || n.bigDecimalValue().compareTo(BigDecimal.valueOf(maxCapacity)) > 0) {
                throw new BadRequest(ErrorCode.INVALID_CAPACITY,
                        "Capacity must be a whole number from 2 to " + maxCapacity + ".", "createRoom");
            }
            capacity = n.intValue();
        }
        JsonValue p = msg.get("private");
        boolean isPrivate = false;
        if (p != null && p != JsonValue.NULL) {
            if (p != JsonValue.TRUE && p != JsonValue.FALSE) {
                throw new BadRequest(ErrorCode.BAD_MESSAGE, "'private' must be true or false.", "createRoom");
            }
            isPrivate = p == JsonValue.TRUE;
        }
        return new LobbyRequest.CreateRoom(name, capacity, isPrivate, game(msg, "createRoom"));
    }

    /** The optional {@code game} (protocol 8): a game's name, or null for the server's default game. */
    private static String game(JsonObject msg, String type) throws BadRequest {
        JsonValue g = msg.get("game");
        if (g == null || g == JsonValue.NULL) {
            return null;
        }
        if (!(g instanceof JsonString s)) {
            throw new BadRequest(ErrorCode.BAD_MESSAGE, "'game' must be a string.", type);
        }
        if (!s.getString().matches("[a-z][a-z0-9]{0,15}")) {
            throw new BadRequest(ErrorCode.UNKNOWN_GAME, "'game' must be the name of a game this server offers.", type);
        }
        return s.getString();
    }

    private static LobbyRequest chat(JsonObject msg) throws BadRequest {
        String channel = string(msg, "channel", "chat");
        String text = string(msg, "text", "chat");
        if (!channel.equals("lobby") && !channel.equals("room")) {
            throw new BadRequest(ErrorCode.INVALID_CHAT, "The channel is 'lobby' or 'room'.", "chat");
        }
        String clean = Names.chatText(text);
        if (clean == null) {
            throw new BadRequest(ErrorCode.INVALID_CHAT,
                    "A chat message has 1 to " + Names.MAX_CHAT + " characters and no control characters.", "chat");
        }
        return new LobbyRequest.Chat(channel.equals("room"), clean);
    }

    /**
     * Whether a JSON number is a whole number, without expanding it: {@code 1e999999999} is whole but
     * {@code bigDecimalValue().toBigInteger()} on it would take minutes.
     */
    private static boolean isWhole(JsonNumber n) {
        BigDecimal d = n.bigDecimalValue();
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static String string(JsonObject msg, String field, String type) throws BadRequest {
        if (!(msg.get(field) instanceof JsonString s)) {
            throw new BadRequest(ErrorCode.BAD_MESSAGE, "'" + field + "' must be a string.", type);
        }
        return s.getString();
    }
}
