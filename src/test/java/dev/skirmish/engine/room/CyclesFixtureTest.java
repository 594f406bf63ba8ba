package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.cycles.protocol.CycleTable;
import dev.skirmish.games.cycles.protocol.CyclesDecoder;
import dev.skirmish.games.cycles.sim.Steer;
import dev.skirmish.games.cycles.sim.TrackEvent;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.InputStream;
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
 * The golden light-cycle stream, src/test/resources/protocol/cycles.json: the frames one client of a scripted room
 * gets (WELCOME, full and delta snapshots, one after skipped ones, turns, crashes, a round) with what they decode
 * to. The Java encoder must still produce these bytes, and the Java and JS decoders (cycles.test.mjs) the values.
 * {@link #main} regenerates the file.
 */
class CyclesFixtureTest {
    static final String FILE = "cycles.json";

    /** The scripted room's frames to client a: a busy socket now and then, turns, a round. */
    static List<byte[]> script() {
        LocalRoom room = CyclesRoomTest.room(12, 1);
        List<byte[]> raw = new ArrayList<>();
        CyclesRoomTest.Client a = new CyclesRoomTest.Client() {
            @Override
            public boolean offerSnapshot(ByteBuffer frame) {
                if (busy) {
                    return false;
                }
                byte[] b = new byte[frame.remaining()];
                frame.duplicate().get(b);
                raw.add(b);
                return super.offerSnapshot(frame);
            }

            @Override
            public void sendControl(byte[] frame) {
                raw.add(frame.clone());
                super.sendControl(frame);
            }
        };
        Seat sa = CyclesRoomTest.seat(room, "a", a);
        Seat sb = CyclesRoomTest.seat(room, "b", new CyclesRoomTest.Client());
        long seq = 0;
        for (int tick = 1; tick <= 60; tick++) {
            a.busy = tick == 20 || tick == 21 || tick == 22;
            if (tick == 14 || tick == 25 || tick == 26) {
                CyclesRoomTest.steer(sa, ++seq, tick == 14 ? Steer.RIGHT : Steer.LEFT);
            }
            if (tick == 30) {
                CyclesRoomTest.steer(sb, 1, Steer.RIGHT);
            }
            room.tick();
        }
        return raw;
    }

    static JsonObject value(CyclesDecoder.Frame f, CyclesDecoder d) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        if (f instanceof CyclesDecoder.Welcome w) {
            return o.add("op", "WELCOME").add("protocolVersion", w.info().protocolVersion()).add("selfId", w.info().selfId())
                    .add("simRateHz", w.info().simRateHz()).add("snapshotRateHz", w.info().snapshotRateHz())
                    .add("viewWidth", w.info().viewWidth()).add("viewHeight", w.info().viewHeight()).add("game", "cycles")
                    .add("width", w.rules().width()).add("height", w.rules().height())
                    .add("countdownTicks", w.rules().countdownTicks()).add("roundTicks", w.rules().roundTicks())
                    .add("resultsTicks", w.rules().resultsTicks()).add("respawnTicks", w.rules().respawnTicks()).build();
        }
        CyclesDecoder.Snapshot s = (CyclesDecoder.Snapshot) f;
        o.add("op", "SNAPSHOT").add("tick", s.header().tick()).add("full", s.header().full())
                .add("ackSeq", s.header().ackSeq()).add("phase", s.header().phase()).add("phaseEndTick", s.header().phaseEndTick());
        JsonArrayBuilder cycles = Json.createArrayBuilder();
        CycleTable t = d.cycles();
        for (int i = 0; i < t.size(); i++) {
            JsonArrayBuilder corners = Json.createArrayBuilder();
            for (int k = 0; k < t.cornerCount(i); k++) {
                corners.add(Json.createArrayBuilder().add(t.corner(i, k) & 0xFF).add(t.corner(i, k) >>> 8));
            }
            cycles.add(Json.createArrayBuilder().add(t.id(i)).add(t.x(i)).add(t.y(i)).add(t.dir(i)).add(t.flags(i))
                    .add(t.startX(i)).add(t.startY(i)).add(corners));
        }
        o.add("cycles", cycles);
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (TrackEvent e : s.events()) {
            if (e instanceof TrackEvent.Crash c) {
                events.add(Json.createObjectBuilder().add("type", "CRASH").add("cycleId", c.cycleId()).add("byId", c.byId())
                        .add("x", c.x()).add("y", c.y()));
            } else if (e instanceof TrackEvent.Round r) {
                events.add(Json.createObjectBuilder().add("type", "ROUND").add("phase", r.phase().code()).add("round", r.round())
                        .add("winnerId", r.winnerId()));
            } else if (e instanceof TrackEvent.Connection c) {
                events.add(Json.createObjectBuilder().add("type", "CONNECTION").add("cycleId", c.cycleId())
                        .add("connected", c.connected()));
            }
        }
        o.add("events", events);
        if (s.rosterChanged()) {
            JsonArrayBuilder players = Json.createArrayBuilder();
            for (RosterLine l : d.roster().values()) {
                players.add(Json.createObjectBuilder().add("id", l.entityId()).add("name", l.name()).add("wins", l.score(0))
                        .add("cuts", l.score(1)));
            }
            o.add("roster", players);
        } else {
            o.add("roster", JsonValue.NULL);
        }
        return o.build();
    }

    static JsonObject load() throws Exception {
        try (InputStream in = CyclesFixtureTest.class.getResourceAsStream("/protocol/" + FILE)) {
            return Json.createReader(in).readObject();
        }
    }

    @Test
    void theEncoderStillWritesTheStoredBytes() throws Exception {
        List<byte[]> frames = script();
        var stored = load().getJsonArray("frames");
        assertEquals(stored.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(stored.getJsonObject(i).getString("hex"), hex(frames.get(i)), "frame " + i);
        }
    }

    @Test
    void theStoredBytesDecodeToTheStoredValues() throws Exception {
        CyclesDecoder d = new CyclesDecoder();
        var stored = load().getJsonArray("frames");
        boolean delta = false;
        for (int i = 0; i < stored.size(); i++) {
            JsonObject f = stored.getJsonObject(i);
            CyclesDecoder.Frame frame = d.decode(ByteBuffer.wrap(unhex(f.getString("hex"))));
            assertEquals(f.getJsonObject("value"), value(frame, d), "frame " + i);
            delta |= frame instanceof CyclesDecoder.Snapshot s && !s.header().full() && s.header().baseAge() > 1;
        }
        assertTrue(delta, "the sequence has a delta after skipped snapshots");
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xFF));
        }
        return s.toString();
    }

    static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Regenerates src/test/resources/protocol/cycles.json. */
    public static void main(String[] args) throws Exception {
        List<byte[]> frames = script();
        CyclesDecoder d = new CyclesDecoder();
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (byte[] f : frames) {
            try {
                out.add(Json.createObjectBuilder().add("bytes", f.length).add("hex", hex(f))
                        .add("value", value(d.decode(ByteBuffer.wrap(f)), d)));
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        }
        JsonObject root = Json.createObjectBuilder()
                .add("comment", "Golden light-cycle stream (protocol 8), generated by CyclesFixtureTest.main and checked by "
                        + "CyclesFixtureTest (Java) and webapp-client/test/cycles.test.mjs (JS): decode the frames in order "
                        + "with one decoder. Cycles are [id, x, y, dir, flags, startX, startY, [[turnX, turnY]...]] in cells.")
                .add("frames", out).build();
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/protocol/" + FILE);
        try (Writer wr = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(wr).write(root);
        }
        System.out.println("wrote " + file + " (" + frames.size() + " frames)");
    }
}
