package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.BitWriter;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skirmish.engine.spi.EventChunk;
import dev.skirmish.games.arena.sim.GameEvent;
import dev.skirmish.games.arena.sim.PickupSpot;
import dev.skirmish.engine.spi.MatchPhase;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden snapshot sequence shared with the JavaScript decoder ({@code snapshots.json}): a scripted run of
 * full and delta frames touching every part of the format (size classes, motion prediction, angle deltas,
 * health and flags, enter and leave, projectiles of both guns, events, roster with teams, a phase change, the play
 * area, the radar, the pickups, a resync). The Java encoder
 * must produce exactly the stored bytes, and both decoders must produce exactly the stored states.
 * Regenerate with {@code main} after a deliberate format change (and update docs/protocol.md).
 */
class SnapshotFixtureTest {
    private static final String FILE = "snapshots.json";

    /** One scripted step: the state to send, its events and roster, and whether the client lost its baseline. */
    private record Step(String name, SnapshotState state, List<GameEvent> events, ServerFrame.Roster roster,
                        boolean resync, int[][] radar) {
        Step(String name, SnapshotState state, List<GameEvent> events, ServerFrame.Roster roster, boolean resync) {
            this(name, state, events, roster, resync, null);
        }
    }

    private static SnapshotState state(long tick, long ack, int vx, int vy, MatchPhase phase, long phaseEnd,
                                       int[]... entities) {
        return state(tick, ack, vx, vy, phase, phaseEnd, 24_000, 24_000, entities);
    }

    /** With a play area of half-width {@code areaW} and half-height {@code areaH} (1/16 units). */
    private static SnapshotState state(long tick, long ack, int vx, int vy, MatchPhase phase, long phaseEnd,
                                       int areaW, int areaH, int[]... entities) {
        SnapshotState s = new SnapshotState();
        s.areaHalfWidth16 = areaW;
        s.areaHalfHeight16 = areaH;
        s.valid = true;
        s.tick = tick;
        s.ackSeq = ack;
        s.vx = vx;
        s.vy = vy;
        s.phase = phase.code();
        s.phaseEndTick = phaseEnd;
        for (int[] e : entities) {
            s.entities.add(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]);
        }
        return s;
    }

    /** {id, kind, qx, qy, angle8, health, flags, owner} */
    private static int[] player(int id, int qx, int qy, int angle, int health, int flags) {
        return new int[]{id, ArenaProtocol.KIND_PLAYER, qx, qy, angle, health, flags, 0};
    }

    private static int[] shot(int id, int qx, int qy, int angle, int owner) {
        return new int[]{id, ArenaProtocol.KIND_PROJECTILE, qx, qy, angle, 0, ArenaProtocol.FLAG_ALIVE, owner};
    }

    private static int[] rail(int id, int qx, int qy, int angle, int owner) {
        return new int[]{id, ArenaProtocol.KIND_PROJECTILE, qx, qy, angle, 0,
            ArenaProtocol.FLAG_ALIVE | ArenaProtocol.FLAG_RAIL, owner};
    }

    /** {@code s} with {@code count} pickup spots, those of {@code mask} lying there. */
    private static SnapshotState pickups(SnapshotState s, int count, long mask) {
        s.pickupCount = count;
        s.pickups = mask;
        return s;
    }

    private static List<Step> script() {
        int a = ArenaProtocol.FLAG_ALIVE;
        int ap = ArenaProtocol.FLAG_ALIVE | ArenaProtocol.FLAG_PROTECTED;
        ServerFrame.Roster roster = new ServerFrame.Roster(7, List.of(
                new ServerFrame.RosterEntry(1, 5, 2, "Ann", 1), new ServerFrame.RosterEntry(2, 0, 5, "Zoë", 2),
                new ServerFrame.RosterEntry(7, 1, 1, "<img src=x>", 2)));
        int boosted = ArenaProtocol.FLAG_BOOSTED;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("full: three players, events, roster in teams, pickups",
                pickups(state(1000, 77, -2568, 193, MatchPhase.PLAYING, 18_000,
                        player(1, 1608, 3204, 64, 80, a), player(2, 48000, 47999, 0, 0, 0),
                        player(7, 16000, 16000, 250, 100, ap)), 3, 0b101),
                List.of(new GameEvent.Hit(1, 2, 20, 0), new GameEvent.Kill(1, 2),
                        new GameEvent.Respawn(2, 200, 300.5), new GameEvent.MatchState(MatchPhase.PLAYING, 3, 0)),
                roster, false, new int[][]{{0, 255}, {128, 3}}));
        steps.add(new Step("delta: nothing changed but the radar, now empty",
                pickups(state(1002, 77, -2568, 193, MatchPhase.PLAYING, 18_000,
                        player(1, 1608, 3204, 64, 80, a), player(2, 48000, 47999, 0, 0, 0),
                        player(7, 16000, 16000, 250, 100, ap)), 3, 0b101), List.of(), null, false, new int[][]{}));
        steps.add(new Step("delta: moves in three size classes, small and large aim changes, ack and velocity",
                pickups(state(1004, 80, -2000, 0, MatchPhase.PLAYING, 18_000,
                        player(1, 1608 + 5, 3204 - 8, 66, 80, a), player(2, 48000 + 170, 47999 - 60, 0, 0, 0),
                        player(7, 16000 + 400, 16000 - 512, 10, 100, ap)), 3, 0b101), List.of(), null, false));
        steps.add(new Step("delta: steady motion is predicted (one bit each), a projectile and a rail slug enter",
                pickups(state(1006, 83, -2000, 0, MatchPhase.PLAYING, 18_000,
                        player(1, 1608 + 10, 3204 - 16, 66, 80, a), player(2, 48000 + 340, 47999 - 120, 0, 0, 0),
                        player(7, 16000 + 800, 16000 - 1024, 10, 100, ap), shot(1030, 1700, 3100, 192, 1),
                        rail(1031, 16100, 15900, 64, 7)), 3, 0b101),
                List.of(), null, false));
        steps.add(new Step("delta after a skipped snapshot (age 4): prediction over 4 ticks, health above the"
                + " maximum (a shield) and flags (boosted), a pickup taken",
                pickups(state(1010, 90, 0, 0, MatchPhase.PLAYING, 18_000,
                        player(1, 1608 + 20, 3204 - 32, 66, 130, a | ArenaProtocol.FLAG_FIRED | boosted),
                        player(2, 48000 + 680, 47999 - 240, 0, 0, 0),
                        player(7, 16000 + 1600, 16000 - 2048, 10, 100, a), shot(1030, 1700, 3100 - 2300, 192, 1)),
                        3, 0b100),
                List.of(new GameEvent.Hit(7, 1, 20, 130), new GameEvent.Pickup(1, 0, PickupSpot.Kind.SHIELD)), null,
                false));
        steps.add(new Step("delta: a player leaves, one enters below and one above the known ids, a teleport and a"
                + " dropped connection (held), a roster delta",
                state(1012, 90, 0, 0, MatchPhase.PLAYING, 18_000,
                        player(1, 1608 + 20, 3204 - 32, 66, 60, a), player(3, 100, 200, 30, 100, ap),
                        player(7, 800, 900, 10, 100, a | ArenaProtocol.FLAG_HELD), shot(1030, 1700, 3100 - 2300 - 700, 192, 1),
                        shot(2000, 64000, 65535, 1, 7)),
                List.of(new GameEvent.Kill(7, 2), new GameEvent.Connection(7, false)),
                new ServerFrame.Roster(8, List.of(new ServerFrame.RosterEntry(1, 5, 2, "Ann", 1),
                        new ServerFrame.RosterEntry(3, 0, 0, "Bo", 1),
                        new ServerFrame.RosterEntry(7, 2, 1, "<img src=x>", 2))),
                false));
        steps.add(new Step("delta: match phase changes, the play area shrinks, the projectiles leave",
                state(1014, 91, 16, -16, MatchPhase.RESULTS, 1500, 11_200, 11_173,
                        player(1, 1608 + 20, 3204 - 32, 66, 60, a), player(3, 100, 200, 30, 100, ap),
                        player(7, 800, 900, 10, 100, a)),
                List.of(new GameEvent.MatchState(MatchPhase.RESULTS, 3, 7), new GameEvent.Connection(7, true)), null,
                false));
        steps.add(new Step("full again: the client asked for a resync (with the full roster)",
                state(1016, 91, 16, -16, MatchPhase.RESULTS, 1500, 11_200, 11_173,
                        player(1, 1628, 3172, 66, 60, a), player(3, 100, 200, 30, 100, ap)),
                List.of(), null, true));
        steps.add(new Step("delta: empty area of interest",
                state(1018, 92, 0, 0, MatchPhase.WAITING, 0), List.of(), null, false));
        return steps;
    }

    /** Encodes the script as the server would (each frame against the last one handed over). */
    private static List<byte[]> encodeScript(List<Step> steps) {
        List<byte[]> frames = new ArrayList<>();
        SnapshotState base = null;
        ServerFrame.Roster known = null;
        BitWriter w = new BitWriter(256);
        for (Step s : steps) {
            SnapshotState next = new SnapshotState();
            next.copyFrom(s.state());
            // like the server: the full roster with a full snapshot, else only the entries that changed
            boolean full = s.resync() || base == null;
            ServerFrame.Roster now = s.roster() != null ? s.roster() : full ? known : null;
            byte[] roster = null;
            if (now != null) {
                roster = full || known == null ? SnapshotEncoder.encodeRoster(now) : rosterDelta(known, now);
                known = now;
            }
            byte[] radar = null;
            if (s.radar() != null) {
                int[] qx = new int[s.radar().length];
                int[] qy = new int[s.radar().length];
                for (int i = 0; i < qx.length; i++) {
                    qx[i] = s.radar()[i][0];
                    qy[i] = s.radar()[i][1];
                }
                radar = SnapshotEncoder.encodeRadar(qx, qy, qx.length);
            }
            SnapshotCodec.encode(s.resync() ? null : base, next, List.of(SnapshotEncoder.encodeEvents(s.events())),
                    roster, radar, w);
            frames.add(w.toByteArray());
            base = next;
        }
        return frames;
    }

    private static byte[] rosterDelta(ServerFrame.Roster from, ServerFrame.Roster to) {
        List<ServerFrame.RosterEntry> changed = to.players().stream().filter(p -> !from.players().contains(p)).toList();
        List<Integer> removed = from.players().stream().map(ServerFrame.RosterEntry::id)
                .filter(id -> to.players().stream().noneMatch(p -> p.id() == id)).toList();
        return SnapshotEncoder.encodeRosterDelta(to.version(), from.version(), changed, removed);
    }

    @Test
    void theJavaEncoderProducesTheStoredBytes() {
        JsonObject f = Fixtures.load(FILE);
        List<byte[]> frames = encodeScript(script());
        assertEquals(frames.size(), f.getJsonArray("frames").size());
        for (int i = 0; i < frames.size(); i++) {
            JsonObject stored = f.getJsonArray("frames").getJsonObject(i);
            assertEquals(stored.getString("hex"), Fixtures.hex(frames.get(i)), stored.getString("name"));
        }
    }

    @Test
    void theJavaDecoderProducesTheStoredStates() throws ProtocolException {
        JsonObject f = Fixtures.load(FILE);
        ServerDecoder d = new ServerDecoder();
        for (JsonValue v : f.getJsonArray("frames")) {
            JsonObject stored = v.asJsonObject();
            ServerFrame.Snapshot s = (ServerFrame.Snapshot) d.decode(ByteBuffer.wrap(Fixtures.hex(stored.getString("hex"))));
            assertEquals(stored.getJsonObject("value"), json(s, d.state()), stored.getString("name"));
        }
    }

    @Test
    void aDeltaWithoutBaselineIsRefused() {
        JsonObject f = Fixtures.load(FILE);
        byte[] delta = Fixtures.hex(f.getJsonArray("frames").getJsonObject(1).getString("hex"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> new ServerDecoder().decode(ByteBuffer.wrap(delta)));
        assertEquals(CloseCodes.INVALID_PAYLOAD, e.closeCode());
    }

    /** The decoded snapshot as stored: quantized wire values (positions in 1/16 units) and motion. */
    static JsonObject json(ServerFrame.Snapshot s, SnapshotState st) {
        JsonArrayBuilder entities = Json.createArrayBuilder();
        EntityTable t = st.entities;
        for (int i = 0; i < t.size(); i++) {
            entities.add(Json.createArrayBuilder().add(t.id(i)).add(t.kind(i)).add(t.x(i)).add(t.y(i)).add(t.angle(i))
                    .add(t.health(i)).add(t.flags(i)).add(t.owner(i)).add(t.mx(i)).add(t.my(i)));
        }
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (GameEvent e : s.events()) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            if (e instanceof GameEvent.Hit h) {
                o.add("type", "HIT").add("attackerId", h.attackerId()).add("victimId", h.victimId())
                        .add("damage", h.damage()).add("healthAfter", h.healthAfter());
            } else if (e instanceof GameEvent.Kill k) {
                o.add("type", "KILL").add("killerId", k.killerId()).add("victimId", k.victimId());
            } else if (e instanceof GameEvent.Respawn r) {
                o.add("type", "RESPAWN").add("playerId", r.playerId()).add("x", r.x()).add("y", r.y());
            } else if (e instanceof GameEvent.MatchState m) {
                o.add("type", "MATCH").add("phase", m.phase().code()).add("matchNumber", m.matchNumber())
                        .add("winnerId", m.winnerId());
            } else if (e instanceof GameEvent.Connection c) {
                o.add("type", "CONNECTION").add("playerId", c.playerId()).add("connected", c.connected());
            } else if (e instanceof GameEvent.Pickup p) {
                o.add("type", "PICKUP").add("playerId", p.playerId()).add("spot", p.spot())
                        .add("kind", ArenaProtocol.pickupCode(p.kind()));
            }
            events.add(o);
        }
        JsonObjectBuilder o = Json.createObjectBuilder().add("tick", s.tick()).add("full", s.full())
                .add("ackSeq", s.ackSeq()).add("vx", st.vx).add("vy", st.vy).add("phase", s.phase().code())
                .add("phaseEndTick", s.phaseEndTick()).add("areaHalfWidth16", st.areaHalfWidth16)
                .add("areaHalfHeight16", st.areaHalfHeight16).add("pickupCount", st.pickupCount)
                .add("pickups", st.pickups).add("entities", entities).add("events", events);
        if (s.roster() == null) {
            o.addNull("roster");
        } else {
            JsonArrayBuilder players = Json.createArrayBuilder();
            for (ServerFrame.RosterEntry e : s.roster().players()) {
                players.add(Json.createObjectBuilder().add("id", e.id()).add("kills", e.kills())
                        .add("deaths", e.deaths()).add("team", e.team()).add("name", e.name()));
            }
            o.add("roster", Json.createObjectBuilder().add("version", s.roster().version()).add("players", players));
        }
        if (s.radar() == null) {
            o.addNull("radar");
        } else {
            JsonArrayBuilder blips = Json.createArrayBuilder();
            for (ServerFrame.Blip b : s.radar()) {
                blips.add(Json.createArrayBuilder().add(b.qx()).add(b.qy()));
            }
            o.add("radar", blips);
        }
        return o.build();
    }

    /** Regenerates src/test/resources/protocol/snapshots.json from the script. */
    public static void main(String[] args) throws Exception {
        List<Step> steps = script();
        List<byte[]> frames = encodeScript(steps);
        ServerDecoder d = new ServerDecoder();
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (int i = 0; i < frames.size(); i++) {
            ServerFrame.Snapshot s = (ServerFrame.Snapshot) d.decode(ByteBuffer.wrap(frames.get(i)));
            out.add(Json.createObjectBuilder().add("name", steps.get(i).name()).add("bytes", frames.get(i).length)
                    .add("hex", Fixtures.hex(frames.get(i))).add("value", json(s, d.state())));
        }
        JsonObject root = Json.createObjectBuilder()
                .add("comment", "Golden snapshot sequence of protocol version " + Protocol.VERSION + ", generated by SnapshotFixtureTest.main "
                        + "and checked by SnapshotFixtureTest (Java) and webapp-client/test/snapshot.test.mjs (JS). "
                        + "Decode the frames in order with one decoder. Entities are [id, kind, x, y, angle8, health, "
                        + "flags, owner, mx, my] with x, y in 1/16 units and mx, my the motion per tick both ends "
                        + "predict with; vx, vy in 1/16 units per second; areaHalfWidth16 and areaHalfHeight16 "
                        + "(the play area) in 1/16 units; radar: [qx, qy] blips in 256ths of the map, or null; pickups: "
                        + "bit i set when the map's pickup spot i has its pickup (of pickupCount spots).")
                .add("frames", out).build();
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/protocol/" + FILE);
        try (Writer wr = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(wr).write(root);
        }
        System.out.println("wrote " + file + " (" + frames.size() + " frames)");
    }
}
