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
    /**
     * Version of the message formats; a node drops messages of another version. Version 1 (until 2026-12) had each
     * node broadcast its whole state; version 2 is the directory (docs/scaling.md).
     */
    public static final int VERSION = 2;
    /** Largest message a node reads (a whole digest is far smaller). */
    public static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    static final int MAX_TEXT = 1000;
    static final int MAX_NAME = 128;
    private static final Pattern NODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_.~-]+/){1,8}");
    private static final Pattern PHASE = Pattern.compile("waiting|countdown|playing|results");
    private static final Pattern STATUS = Pattern.compile("lobby|room|playing");
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

    /** A node's registration (the value of {@code node:<id>}). */
    public record Node(NodeInfo info) implements Message {
        @Override
        public String node() {
            return info.node();
        }
    }

    /** A room's entry in the directory (the value of {@code room:<id>}), written by its node. */
    public record Room(RoomInfo info) implements Message {
        @Override
        public String node() {
            return info.node();
        }
    }

    /** The leader's whole digest (the value of {@code directory}; also sent on the channel when a leader starts). */
    public record Full(Digest digest) implements Message {
        @Override
        public String node() {
            return digest.leader();
        }
    }

    /** What changed in the leader's digest (channel {@code directory}). */
    public record Change(Digest.Delta delta) implements Message {
        @Override
        public String node() {
            return delta.leader();
        }
    }

    /**
     * A chat message posted on {@code node}, to be delivered by every node that receives it to its own lobby
     * connections: everyone's for the lobby channel ({@code roomId} null), those of the room's members otherwise
     * (each node knows where its own players sit; {@code members} lists the room's players when the sender knew
     * them, and may be empty).
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
        if (m instanceof Node n) {
            NodeInfo i = n.info();
            b.add("type", "node").add("node", i.node()).add("path", i.path()).add("incarnation", i.incarnation())
                    .add("draining", i.draining()).add("lobby", i.lobby()).add("seated", i.seated())
                    .add("names", lines(i.names()));
        } else if (m instanceof Room r) {
            b.add("type", "room").add("node", r.info().node());
            room(b, r.info());
        } else if (m instanceof Full f) {
            Digest d = f.digest();
            JsonArrayBuilder listed = JSON.createArrayBuilder();
            d.listed().forEach(r -> listed.add(room(JSON.createObjectBuilder().add("node", r.node()), r)));
            b.add("type", "digest").add("node", d.leader()).add("seq", d.seq()).add("nodes", d.nodes())
                    .add("players", d.players()).add("rooms", d.rooms()).add("listed", listed)
                    .add("names", lines(d.names()));
        } else if (m instanceof Change c) {
            Digest.Delta d = c.delta();
            JsonArrayBuilder updated = JSON.createArrayBuilder();
            d.updated().forEach(r -> updated.add(room(JSON.createObjectBuilder().add("node", r.node()), r)));
            JsonArrayBuilder removed = JSON.createArrayBuilder();
            d.removed().forEach(removed::add);
            JsonArrayBuilder counts = JSON.createArrayBuilder();
            d.counts().forEach(k -> counts.add(JSON.createArrayBuilder().add(k.id()).add(k.players()).add(k.phase())
                    .add(k.draining())));
            b.add("type", "delta").add("node", d.leader()).add("seq", d.seq()).add("base", d.base())
                    .add("nodes", d.nodes()).add("players", d.players()).add("rooms", d.rooms())
                    .add("updated", updated).add("counts", counts).add("removed", removed);
            if (d.names() != null) {
                b.add("names", lines(d.names()));
            }
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

    private static JsonObjectBuilder room(JsonObjectBuilder b, RoomInfo r) {
        b.add("id", r.id()).add("path", r.path()).add("name", r.name()).add("players", r.players())
                .add("capacity", r.capacity()).add("map", r.map()).add("phase", r.phase()).add("game", r.game())
                .add("draining", r.draining());
        if (r.code() != null) {
            b.add("code", r.code());
        }
        return b;
    }

    private static JsonArrayBuilder lines(List<NodeInfo.PlayerLine> lines) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        for (NodeInfo.PlayerLine p : lines) {
            JsonArrayBuilder e = JSON.createArrayBuilder().add(p.playerId()).add(p.nickname()).add(p.status());
            if (p.roomId() != null) {
                e.add(p.roomId()).add(p.roomName());
            }
            a.add(e);
        }
        return a;
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
            case "node" -> {
                return new Node(new NodeInfo(node, matching(o, "path", PATH), longField(o, "incarnation", 0, Long.MAX_VALUE),
                        bool(o, "draining"), (int) longField(o, "lobby", 0, Integer.MAX_VALUE),
                        (int) longField(o, "seated", 0, Integer.MAX_VALUE), lines(o, NodeInfo.NAMES)));
            }
            case "room" -> {
                return new Room(room(o, node));
            }
            case "digest" -> {
                List<RoomInfo> listed = new ArrayList<>();
                for (JsonValue v : array(o, "listed", Digest.LISTED)) {
                    listed.add(roomIn(v));
                }
                return new Full(new Digest(node, longField(o, "seq", 0, Long.MAX_VALUE), count(o, "nodes"),
                        count(o, "players"), count(o, "rooms"), listed, lines(o, Digest.NAMES)));
            }
            case "delta" -> {
                List<RoomInfo> updated = new ArrayList<>();
                for (JsonValue v : array(o, "updated", Digest.LISTED)) {
                    updated.add(roomIn(v));
                }
                List<Digest.Count> counts = new ArrayList<>();
                for (JsonValue v : array(o, "counts", Digest.LISTED)) {
                    if (!(v instanceof JsonArray a) || a.size() != 4 || !(a.get(3) == JsonValue.TRUE || a.get(3) == JsonValue.FALSE)
                            || !(a.get(1) instanceof JsonNumber n) || !n.isIntegral()) {
                        throw new BadMessage("counts[] must be [roomId, players, phase, draining]");
                    }
                    int players;
                    try {
                        players = n.bigDecimalValue().intValueExact();
                    } catch (ArithmeticException e) {
                        throw new BadMessage("counts[1] is out of range");
                    }
                    if (players < 0 || players > 1024) {
                        throw new BadMessage("counts[1] must be 0..1024");
                    }
                    counts.add(new Digest.Count(matchingValue(a.get(0), "counts[0]", ID), players,
                            matchingValue(a.get(2), "counts[2]", PHASE), a.get(3) == JsonValue.TRUE));
                }
                List<String> removed = new ArrayList<>();
                for (JsonValue v : array(o, "removed", Digest.LISTED)) {
                    removed.add(matchingValue(v, "removed[]", ID));
                }
                return new Change(new Digest.Delta(node, longField(o, "seq", 0, Long.MAX_VALUE),
                        longField(o, "base", 0, Long.MAX_VALUE), count(o, "nodes"), count(o, "players"),
                        count(o, "rooms"), updated, counts, removed, o.containsKey("names") ? lines(o, Digest.NAMES) : null));
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

    private static RoomInfo roomIn(JsonValue v) throws BadMessage {
        if (!(v instanceof JsonObject r)) {
            throw new BadMessage("rooms must be objects");
        }
        return room(r, matching(r, "node", NODE));
    }

    private static RoomInfo room(JsonObject r, String node) throws BadMessage {
        int capacity = (int) longField(r, "capacity", 1, 1024);
        return new RoomInfo(matching(r, "id", ID), node, matching(r, "path", PATH), string(r, "name", MAX_NAME),
                (int) longField(r, "players", 0, capacity), capacity, matching(r, "map", ID), matching(r, "phase", PHASE),
                matching(r, "game", ID), r.containsKey("code") ? matching(r, "code", ID) : null, bool(r, "draining"));
    }

    private static List<NodeInfo.PlayerLine> lines(JsonObject o, int max) throws BadMessage {
        List<NodeInfo.PlayerLine> out = new ArrayList<>();
        for (JsonValue v : array(o, "names", max)) {
            if (!(v instanceof JsonArray a) || (a.size() != 3 && a.size() != 5)) {
                throw new BadMessage("names[] must be [playerId, nickname, status(, roomId, roomName)]");
            }
            String status = matchingValue(a.get(2), "names[2]", STATUS);
            out.add(new NodeInfo.PlayerLine(matchingValue(a.get(0), "names[0]", ID), stringValue(a.get(1), "names[1]",
                    MAX_NAME), status, a.size() == 5 ? matchingValue(a.get(3), "names[3]", ID) : null,
                    a.size() == 5 ? stringValue(a.get(4), "names[4]", MAX_NAME) : null));
        }
        return out;
    }

    private static int count(JsonObject o, String key) throws BadMessage {
        return (int) longField(o, key, 0, Integer.MAX_VALUE);
    }

    private static boolean bool(JsonObject o, String key) throws BadMessage {
        JsonValue v = o.get(key);
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw new BadMessage(key + " must be true or false");
        }
        return v == JsonValue.TRUE;
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
