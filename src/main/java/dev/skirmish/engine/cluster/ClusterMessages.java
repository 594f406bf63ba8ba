package dev.skirmish.engine.cluster;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The messages nodes exchange on Redis channels, as JSON text: {@code {"v":1,"type":...,"node":<sender>,...}}.
 * Every field is checked on the way in (types, sizes, identifier shapes); anything else is a {@link BadMessage},
 * which the receiver logs and drops. docs/scaling.md lists each message.
 */
public final class ClusterMessages {
    /** Version of the message formats; a node drops messages of another version. */
    public static final int VERSION = 1;
    /** Largest message a node reads (a node state with every room and presence entry fits). */
    public static final int MAX_MESSAGE_CHARS = 4 * 1024 * 1024;
    static final int MAX_TEXT = 1000;
    static final int MAX_NAME = 128;
    private static final Pattern NODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_.~-]+/){1,8}");
    private static final Pattern PHASE = Pattern.compile("waiting|countdown|playing|results");
    private static final JsonProvider JSON = JsonProvider.provider();

    private ClusterMessages() {
    }

    /** A message that is not one of ours; the receiver logs and drops it. */
    public static final class BadMessage extends Exception {
        private static final long serialVersionUID = 1L;

        BadMessage(String message) {
            super(message);
        }
    }

    /** One message between nodes. */
    public sealed interface Message {
        /** The sending node. */
        String node();
    }

    /** A node's whole state (broadcast on change and every heartbeat). */
    public record State(NodeState state) implements Message {
        @Override
        public String node() {
            return state.node();
        }
    }

    /** The node stopped and its rooms are gone or handed over (broadcast when it stops). */
    public record Gone(String node, long incarnation) implements Message {
    }

    /**
     * A chat message posted on {@code node}, to be delivered by every node to its own lobby connections: of
     * everyone for the lobby channel ({@code roomId} null), of the room's {@code members} otherwise.
     */
    public record Chat(String node, long id, String roomId, List<String> members, String fromId, String fromNickname,
                       String text, long atMillis) implements Message {
        public Chat {
            members = List.copyOf(members);
        }
    }

    /** Directed: the player leaves whatever room it has on the receiving node (it went elsewhere). */
    public record Leave(String node, String playerId) implements Message {
    }

    /**
     * Directed: a stopping node asks the receiver to take over a room, saved under the key {@code handover:<id>}
     * (see {@link dev.skirmish.engine.room.RoomHandover}).
     */
    public record Adopt(String node, String roomId) implements Message {
    }

    /** Directed: the answer to {@link Adopt}: the room ticks on {@code node} now, or why it could not. */
    public record Adopted(String node, String roomId, boolean ok, String reason) implements Message {
    }

    /** Encodes a message as its JSON text. */
    public static String encode(Message m) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("v", VERSION);
        if (m instanceof State s) {
            NodeState n = s.state();
            b.add("type", "state").add("node", n.node()).add("path", n.path()).add("incarnation", n.incarnation())
                    .add("seq", n.seq()).add("draining", n.draining()).add("presenceTotal", n.presenceTotal());
            JsonArrayBuilder rooms = JSON.createArrayBuilder();
            for (NodeState.RoomEntry r : n.rooms()) {
                JsonObjectBuilder rb = JSON.createObjectBuilder().add("id", r.id()).add("name", r.name())
                        .add("players", r.players()).add("capacity", r.capacity()).add("map", r.map())
                        .add("phase", r.phase()).add("game", r.game());
                if (r.code() != null) {
                    rb.add("code", r.code());
                }
                JsonArrayBuilder members = JSON.createArrayBuilder();
                for (NodeState.Member mb : r.members()) {
                    members.add(JSON.createArrayBuilder().add(mb.playerId()).add(mb.connected()));
                }
                rooms.add(rb.add("members", members));
            }
            JsonArrayBuilder presence = JSON.createArrayBuilder();
            for (NodeState.PresenceEntry p : n.presence()) {
                presence.add(JSON.createArrayBuilder().add(p.playerId()).add(p.nickname()));
            }
            b.add("rooms", rooms).add("presence", presence);
        } else if (m instanceof Gone g) {
            b.add("type", "gone").add("node", g.node()).add("incarnation", g.incarnation());
        } else if (m instanceof Chat c) {
            b.add("type", "chat").add("node", c.node()).add("id", c.id()).add("fromId", c.fromId())
                    .add("fromNickname", c.fromNickname()).add("text", c.text()).add("at", c.atMillis());
            if (c.roomId() != null) {
                JsonArrayBuilder members = JSON.createArrayBuilder();
                c.members().forEach(members::add);
                b.add("roomId", c.roomId()).add("members", members);
            }
        } else if (m instanceof Leave l) {
            b.add("type", "leave").add("node", l.node()).add("playerId", l.playerId());
        } else if (m instanceof Adopt a) {
            b.add("type", "adopt").add("node", a.node()).add("roomId", a.roomId());
        } else if (m instanceof Adopted a) {
            b.add("type", "adopted").add("node", a.node()).add("roomId", a.roomId()).add("ok", a.ok())
                    .add("reason", a.reason());
        } else {
            throw new IllegalArgumentException(m.getClass().getName());
        }
        return b.build().toString();
    }

    /** Decodes and checks a message. */
    public static Message decode(String text) throws BadMessage {
        if (text == null || text.length() > MAX_MESSAGE_CHARS) {
            throw new BadMessage("message missing or longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        JsonObject o;
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject obj)) {
                throw new BadMessage("not a JSON object");
            }
            o = obj;
        } catch (JsonException | IllegalStateException e) {
            throw new BadMessage("not JSON: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // the parser's own failures on hostile text (a number like 1e9999999999, nesting too deep)
            throw new BadMessage("not JSON: " + e);
        }
        long version = longField(o, "v", 0, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new BadMessage("message version " + version + ", this node reads " + VERSION);
        }
        String type = string(o, "type", 16);
        String node = matching(o, "node", NODE);
        switch (type) {
            case "state" -> {
                return new State(state(o, node));
            }
            case "gone" -> {
                return new Gone(node, longField(o, "incarnation", 0, Long.MAX_VALUE));
            }
            case "chat" -> {
                String roomId = o.containsKey("roomId") ? matching(o, "roomId", ID) : null;
                List<String> members = new ArrayList<>();
                if (roomId != null) {
                    for (JsonValue v : array(o, "members", 1024)) {
                        members.add(matchingValue(v, "members[]", ID));
                    }
                }
                return new Chat(node, longField(o, "id", 1, Long.MAX_VALUE), roomId, members,
                        matching(o, "fromId", ID), string(o, "fromNickname", MAX_NAME), string(o, "text", MAX_TEXT),
                        longField(o, "at", 0, Long.MAX_VALUE));
            }
            case "leave" -> {
                return new Leave(node, matching(o, "playerId", ID));
            }
            case "adopt" -> {
                return new Adopt(node, matching(o, "roomId", ID));
            }
            case "adopted" -> {
                JsonValue ok = o.get("ok");
                if (ok != JsonValue.TRUE && ok != JsonValue.FALSE) {
                    throw new BadMessage("ok must be true or false");
                }
                return new Adopted(node, matching(o, "roomId", ID), ok == JsonValue.TRUE, string(o, "reason", MAX_TEXT));
            }
            default -> throw new BadMessage("unknown type '" + type + "'");
        }
    }

    private static NodeState state(JsonObject o, String node) throws BadMessage {
        String path = matching(o, "path", PATH);
        List<NodeState.RoomEntry> rooms = new ArrayList<>();
        for (JsonValue v : array(o, "rooms", NodeState.MAX_ROOMS)) {
            if (!(v instanceof JsonObject r)) {
                throw new BadMessage("rooms[] must be objects");
            }
            List<NodeState.Member> members = new ArrayList<>();
            for (JsonValue mv : array(r, "members", 1024)) {
                if (!(mv instanceof JsonArray pair) || pair.size() != 2
                        || !(pair.get(1) == JsonValue.TRUE || pair.get(1) == JsonValue.FALSE)) {
                    throw new BadMessage("members[] must be [playerId, connected]");
                }
                members.add(new NodeState.Member(matchingValue(pair.get(0), "members[0]", ID),
                        pair.get(1) == JsonValue.TRUE));
            }
            int capacity = (int) longField(r, "capacity", 1, 1024);
            rooms.add(new NodeState.RoomEntry(matching(r, "id", ID), string(r, "name", MAX_NAME),
                    (int) longField(r, "players", 0, capacity), capacity, matching(r, "map", ID),
                    matching(r, "phase", PHASE), r.containsKey("code") ? matching(r, "code", ID) : null, members,
                    matching(r, "game", ID)));
        }
        List<NodeState.PresenceEntry> presence = new ArrayList<>();
        for (JsonValue v : array(o, "presence", NodeState.MAX_PRESENCE)) {
            if (!(v instanceof JsonArray pair) || pair.size() != 2) {
                throw new BadMessage("presence[] must be [playerId, nickname]");
            }
            presence.add(new NodeState.PresenceEntry(matchingValue(pair.get(0), "presence[0]", ID),
                    stringValue(pair.get(1), "presence[1]", MAX_NAME)));
        }
        JsonValue draining = o.get("draining");
        if (draining != JsonValue.TRUE && draining != JsonValue.FALSE) {
            throw new BadMessage("draining must be true or false");
        }
        return new NodeState(node, path, longField(o, "incarnation", 0, Long.MAX_VALUE),
                longField(o, "seq", 0, Long.MAX_VALUE), draining == JsonValue.TRUE, rooms, presence,
                (int) longField(o, "presenceTotal", 0, Integer.MAX_VALUE));
    }

    private static JsonArray array(JsonObject o, String key, int max) throws BadMessage {
        if (!(o.get(key) instanceof JsonArray a)) {
            throw new BadMessage(key + " must be an array");
        }
        if (a.size() > max) {
            throw new BadMessage(key + " has more than " + max + " entries");
        }
        return a;
    }

    private static long longField(JsonObject o, String key, long min, long max) throws BadMessage {
        if (!(o.get(key) instanceof JsonNumber n) || !n.isIntegral()) {
            throw new BadMessage(key + " must be a whole number");
        }
        long v;
        try {
            v = n.bigDecimalValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new BadMessage(key + " is out of range");
        }
        if (v < min || v > max) {
            throw new BadMessage(key + " must be " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    private static String string(JsonObject o, String key, int maxChars) throws BadMessage {
        return stringValue(o.get(key), key, maxChars);
    }

    private static String stringValue(JsonValue v, String key, int maxChars) throws BadMessage {
        if (!(v instanceof JsonString s)) {
            throw new BadMessage(key + " must be a string");
        }
        String t = s.getString();
        if (t.isEmpty() || t.length() > maxChars) {
            throw new BadMessage(key + " must have 1.." + maxChars + " characters");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                throw new BadMessage(key + " has a control character");
            }
        }
        return t;
    }

    private static String matching(JsonObject o, String key, Pattern p) throws BadMessage {
        return matchingValue(o.get(key), key, p);
    }

    private static String matchingValue(JsonValue v, String key, Pattern p) throws BadMessage {
        if (!(v instanceof JsonString s) || !p.matcher(s.getString()).matches()) {
            throw new BadMessage(key + " must match " + p.pattern());
        }
        return s.getString();
    }
}
