package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.Wall;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Java's codecs and tables against the fixtures shared with the JavaScript client. */
class GoldenFramesTest {

    @Test
    void tablesMatchTheSharedFixture() {
        JsonObject t = Fixtures.load("tables.json");
        assertEquals(Protocol.VERSION, t.getInt("version"));
        Map<String, Integer> ops = Map.ofEntries(Map.entry("INPUT", Protocol.OP_INPUT),
                Map.entry("PING", Protocol.OP_PING), Map.entry("RESYNC", Protocol.OP_RESYNC),
                Map.entry("INPUTS", Protocol.OP_INPUTS), Map.entry("WELCOME", Protocol.OP_WELCOME),
                Map.entry("SNAPSHOT", Protocol.OP_SNAPSHOT), Map.entry("PONG", Protocol.OP_PONG),
                Map.entry("MOVED", Protocol.OP_MOVED), Map.entry("FOLLOW", Protocol.OP_FOLLOW),
                Map.entry("FOLLOWING", Protocol.OP_FOLLOWING), Map.entry("RUNS", Protocol.OP_RUNS),
                Map.entry("REPLAY_CONTROL", Protocol.OP_REPLAY_CONTROL), Map.entry("REPLAY", Protocol.OP_REPLAY),
                Map.entry("VIEW", Protocol.OP_VIEW));
        assertEquals(ops, ints(t.getJsonObject("opcodes")));
        Map<String, Integer> close = new LinkedHashMap<>();
        for (CloseCodes c : CloseCodes.values()) {
            close.put(c.name(), c.code());
        }
        assertEquals(close, ints(t.getJsonObject("closeCodes")));
        List<String> errors = new ArrayList<>();
        for (ErrorCode e : ErrorCode.values()) {
            errors.add(e.name());
        }
        assertEquals(errors, t.getJsonArray("errorCodes").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertEquals(Map.of("UP", Buttons.UP, "DOWN", Buttons.DOWN, "LEFT", Buttons.LEFT, "RIGHT", Buttons.RIGHT,
                "FIRE", Buttons.FIRE, "ALT_FIRE", Buttons.ALT_FIRE), ints(t.getJsonObject("buttons")));
        assertEquals(Map.of("PLAYER", ArenaProtocol.KIND_PLAYER, "PROJECTILE", ArenaProtocol.KIND_PROJECTILE),
                ints(t.getJsonObject("kinds")));
        assertEquals(Map.of("ALIVE", ArenaProtocol.FLAG_ALIVE, "PROTECTED", ArenaProtocol.FLAG_PROTECTED,
                "FIRED", ArenaProtocol.FLAG_FIRED, "HELD", ArenaProtocol.FLAG_HELD, "BOOSTED", ArenaProtocol.FLAG_BOOSTED,
                "RAIL", ArenaProtocol.FLAG_RAIL), ints(t.getJsonObject("flags")));
        assertEquals(Map.of("HIT", ArenaProtocol.EVENT_HIT, "KILL", ArenaProtocol.EVENT_KILL, "RESPAWN", ArenaProtocol.EVENT_RESPAWN,
                "MATCH", ArenaProtocol.EVENT_MATCH, "CONNECTION", ArenaProtocol.EVENT_CONNECTION,
                "PICKUP", ArenaProtocol.EVENT_PICKUP), ints(t.getJsonObject("events")));
        assertEquals(Map.of("HEALTH", ArenaProtocol.PICKUP_HEALTH, "SHIELD", ArenaProtocol.PICKUP_SHIELD,
                "DAMAGE", ArenaProtocol.PICKUP_DAMAGE), ints(t.getJsonObject("pickups")));
        for (var k : dev.skirmish.games.arena.sim.PickupSpot.Kind.values()) {
            assertEquals(t.getJsonObject("pickups").getInt(k.name()), ArenaProtocol.pickupCode(k));
        }
        assertEquals(Map.of("FREE_FOR_ALL", ArenaProtocol.MODE_FREE_FOR_ALL, "TEAMS", ArenaProtocol.MODE_TEAMS),
                ints(t.getJsonObject("modes")));
        Map<String, Integer> phases = new LinkedHashMap<>();
        for (MatchPhase p : MatchPhase.values()) {
            phases.put(p.name(), p.code());
        }
        assertEquals(phases, ints(t.getJsonObject("phases")));
        assertEquals(Map.ofEntries(Map.entry("MAX_CLIENT_BINARY_BYTES", Protocol.MAX_CLIENT_BINARY_BYTES),
                Map.entry("MAX_CLIENT_TEXT_BYTES", Protocol.MAX_CLIENT_TEXT_BYTES),
                Map.entry("INPUT_FRAME_BYTES", Protocol.INPUT_FRAME_BYTES),
                Map.entry("MAX_INPUTS_PER_FRAME", Protocol.MAX_INPUTS_PER_FRAME),
                Map.entry("INPUTS_HEADER_BYTES", Protocol.INPUTS_HEADER_BYTES),
                Map.entry("INPUTS_ENTRY_BYTES", Protocol.INPUTS_ENTRY_BYTES),
                Map.entry("PING_FRAME_BYTES", Protocol.PING_FRAME_BYTES),
                Map.entry("RESYNC_FRAME_BYTES", Protocol.RESYNC_FRAME_BYTES),
                Map.entry("FOLLOW_FRAME_BYTES", Protocol.FOLLOW_FRAME_BYTES),
                Map.entry("MAX_RUNS_PER_FRAME", Protocol.MAX_RUNS_PER_FRAME),
                Map.entry("MAX_TICKS_PER_FRAME", Protocol.MAX_TICKS_PER_FRAME),
                Map.entry("RUNS_HEADER_BYTES", Protocol.RUNS_HEADER_BYTES),
                Map.entry("REPLAY_CONTROL_FRAME_BYTES", Protocol.REPLAY_CONTROL_FRAME_BYTES),
                Map.entry("REPLAY_FRAME_BYTES", Protocol.REPLAY_FRAME_BYTES),
                Map.entry("VIEW_FRAME_BYTES", Protocol.VIEW_FRAME_BYTES)), ints(t.getJsonObject("limits")));
    }

    @Test
    void everyGoldenFrameEncodesAndDecodesExactly() throws ProtocolException {
        JsonArray frames = Fixtures.load("golden.json").getJsonArray("frames");
        assertEquals(14, frames.size());
        for (JsonValue v : frames) {
            JsonObject f = v.asJsonObject();
            String name = f.getString("name");
            byte[] bytes = Fixtures.hex(f.getString("hex"));
            JsonObject value = f.getJsonObject("value");
            if (f.getString("direction").equals("client")) {
                ClientFrame expected = clientFrame(value);
                assertEquals(f.getString("hex"), Fixtures.hex(ClientFrames.encode(expected)), name);
                assertEquals(expected, ClientFrames.decode(ByteBuffer.wrap(bytes)), name);
            } else {
                ServerFrame expected = serverFrame(value);
                assertEquals(f.getString("hex"), Fixtures.hex(encode(expected)), name);
                assertEquals(expected, ServerFrames.decode(ByteBuffer.wrap(bytes)), name);
            }
        }
    }

    private static byte[] encode(ServerFrame f) {
        if (f instanceof ServerFrame.Welcome w) {
            return ServerFrames.encodeWelcome(w);
        }
        if (f instanceof ServerFrame.Pong p) {
            return ServerFrames.encodePong(p);
        }
        if (f instanceof ServerFrame.Replay r) {
            return ServerFrames.encodeReplay(r);
        }
        if (f instanceof ServerFrame.Moved m) {
            return ServerFrames.encodeMoved(m);
        }
        if (f instanceof ServerFrame.Following g) {
            return ServerFrames.encodeFollowing(g);
        }
        throw new IllegalArgumentException("snapshots are checked in SnapshotFixtureTest");
    }

    private static ClientFrame clientFrame(JsonObject v) {
        return switch (v.getString("op")) {
            case "INPUT" -> input(v);
            case "INPUTS" -> new ClientFrame.Inputs(v.getJsonArray("inputs").stream()
                    .map(i -> input(i.asJsonObject())).toList());
            case "RESYNC" -> new ClientFrame.Resync();
            case "FOLLOW" -> new ClientFrame.Follow(v.getInt("step"));
            case "VIEW" -> new ClientFrame.View(v.getBoolean("portrait"));
            case "REPLAY_CONTROL" -> new ClientFrame.ReplayControl(v.getBoolean("paused"), v.getInt("speedQuarters"),
                    v.getJsonNumber("seek").longValue());
            case "PING" -> new ClientFrame.Ping(v.getJsonNumber("clientTimeMillis").longValue());
            default -> throw new IllegalArgumentException(v.getString("op"));
        };
    }

    private static ClientFrame.Input input(JsonObject v) {
        return new ClientFrame.Input(v.getJsonNumber("seq").longValue(), v.getInt("buttons"), v.getInt("aim16"),
                v.getJsonNumber("viewTick").longValue(), v.getInt("viewFraction"));
    }

    private static ServerFrame serverFrame(JsonObject v) {
        switch (v.getString("op")) {
            case "MOVED":
                return new ServerFrame.Moved(v.getString("gamePath"));
            case "FOLLOWING":
                return new ServerFrame.Following(v.getInt("entityId"));
            case "REPLAY":
                return new ServerFrame.Replay(v.getInt("flags"), v.getInt("speedQuarters"), v.getInt("tickRateHz"),
                        v.getJsonNumber("position").longValue(), v.getJsonNumber("length").longValue());
            case "PONG":
                return new ServerFrame.Pong(v.getJsonNumber("clientTimeMillis").longValue(),
                        v.getJsonNumber("serverTick").longValue());
            case "WELCOME": {
                List<Wall> walls = new ArrayList<>();
                for (JsonValue w : v.getJsonArray("walls")) {
                    JsonArray a = w.asJsonArray();
                    walls.add(new Wall(a.getInt(0), a.getInt(1), a.getInt(2), a.getInt(3)));
                }
                return new ServerFrame.Welcome(v.getInt("protocolVersion"), v.getInt("selfId"), v.getInt("simRateHz"),
                        v.getInt("snapshotRateHz"), d(v, "accel"), d(v, "maxSpeed"), d(v, "friction"),
                        d(v, "playerRadius"), d(v, "projectileSpeed"), d(v, "projectileRadius"), v.getInt("maxHealth"),
                        v.getInt("fireCooldownTicks"), v.getInt("killLimit"), v.getInt("matchSeconds"),
                        v.getInt("respawnTicks"), v.getInt("viewWidth"), v.getInt("viewHeight"),
                        v.getString("mapName"), v.getInt("mapWidth"), v.getInt("mapHeight"), walls, v.getInt("mode"),
                        d(v, "railSpeed"), v.getInt("railCooldownTicks"), pickups(v));
            }
            default:
                throw new IllegalArgumentException(v.getString("op"));
        }
    }

    private static List<dev.skirmish.games.arena.sim.PickupSpot> pickups(JsonObject v) {
        List<dev.skirmish.games.arena.sim.PickupSpot> out = new ArrayList<>();
        for (JsonValue p : v.getJsonArray("pickups")) {
            JsonArray a = p.asJsonArray();
            out.add(new dev.skirmish.games.arena.sim.PickupSpot(a.getInt(0), a.getInt(1), ArenaProtocol.pickupKind(a.getInt(2))));
        }
        return out;
    }

    private static double d(JsonObject o, String k) {
        return o.getJsonNumber(k).doubleValue();
    }

    private static Map<String, Integer> ints(JsonObject o) {
        Map<String, Integer> m = new LinkedHashMap<>();
        o.forEach((k, v) -> m.put(k, ((jakarta.json.JsonNumber) v).intValue()));
        return m;
    }
}
