package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.cycles.protocol.CycleTable;
import dev.skirmish.games.cycles.protocol.CyclesDecoder;
import dev.skirmish.games.cycles.protocol.CyclesWire;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second game on the real server: light cycles chosen in the lobby, played over real WebSocket streams and
 * decoded with the game's own decoder, spectated, and a bad input byte refused for its sender only.
 */
final class CyclesScenarios {
    private final ItClients clients;

    CyclesScenarios(ItClients clients) {
        this.clients = clients;
    }

    /** A rider's stream with its decoder, fed from the client's raw frames. */
    static final class Rider {
        final WsClient ws;
        final CyclesDecoder decoder = new CyclesDecoder();
        CyclesDecoder.Welcome welcome;
        int snapshots;
        long lastAck;
        MatchPhase phase;

        Rider(WsClient ws) {
            this.ws = ws;
        }

        /** Decodes every frame that arrived until {@code millis} passed; returns the last frame decoded. */
        CyclesDecoder.Frame pump(long millis) throws Exception {
            long deadline = System.nanoTime() + millis * 1_000_000;
            CyclesDecoder.Frame last = null;
            while (true) {
                long left = deadline - System.nanoTime();
                WsClient.Frame f = ws.frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (f == null) {
                    return last;
                }
                last = decoder.decode(ByteBuffer.wrap(f.bytes()));
                if (last instanceof CyclesDecoder.Welcome w) {
                    welcome = w;
                } else if (last instanceof CyclesDecoder.Snapshot s) {
                    snapshots++;
                    lastAck = s.header().ackSeq();
                    phase = MatchPhase.ofCode(s.header().phase());
                }
            }
        }
    }

    Rider open(String gamePath) throws Exception {
        WsClient ws = WsClient.connect(clients.ws(gamePath));
        ws.sendBinary(new byte[]{(byte) Protocol.OP_PING, 0, 0, 0, 0}); // the client speaks first
        Rider r = new Rider(ws);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (r.welcome == null && System.nanoTime() < deadline) {
            r.pump(200);
        }
        assertTrue(r.welcome != null, "WELCOME within 10 s");
        return r;
    }

    void lightCyclesArePlayedThroughTheLobby() throws Exception {
        WsClient ann = clients.lobby("ann");
        JsonObject settings = ann.welcome.getJsonObject("settings");
        List<String> offered = settings.getJsonArray("games").getValuesAs(JsonObject.class).stream()
                .map(g -> g.getString("name")).toList();
        assertTrue(offered.containsAll(List.of("arena", "cycles")), "games offered: " + offered);
        JsonObject cycles = settings.getJsonArray("games").getValuesAs(JsonObject.class).stream()
                .filter(g -> g.getString("name").equals("cycles")).findFirst().orElseThrow();
        assertEquals(8, cycles.getInt("maxCapacity"));
        assertEquals(20, cycles.getInt("tickRateHz"));
        assertEquals("UNKNOWN_GAME", ann.request("{\"type\":\"createRoom\",\"name\":\"x\",\"game\":\"chess\"}").getString("code"));
        assertEquals("UNKNOWN_GAME", ann.request("{\"type\":\"quickPlay\",\"game\":\"chess\"}").getString("code"));
        assertEquals("INVALID_CAPACITY",
                ann.request("{\"type\":\"createRoom\",\"name\":\"x\",\"capacity\":9,\"game\":\"cycles\"}").getString("code"));
        JsonObject joined = ann.request("{\"type\":\"createRoom\",\"name\":\"Grid\",\"capacity\":4,\"game\":\"cycles\"}");
        assertEquals("joined", joined.getString("type"), joined.toString());
        JsonObject room = joined.getJsonObject("room");
        assertEquals("cycles", room.getString("game"));
        assertEquals("96x64", room.getString("map"));
        Rider a = open(joined.getString("gamePath"));
        assertEquals("cycles", CyclesWire.GAME);
        assertEquals(20, a.welcome.info().simRateHz());
        assertEquals(20, a.welcome.info().snapshotRateHz());
        assertEquals(96, a.welcome.rules().width());

        WsClient bob = clients.lobby("bob");
        JsonObject quick = bob.request("{\"type\":\"quickPlay\",\"game\":\"cycles\"}");
        assertEquals(room.getString("id"), quick.getJsonObject("room").getString("id"), "quick play finds the cycles room");
        Rider b = open(quick.getString("gamePath"));
        JsonObject arenaQuick = clients.lobby("cat").request("{\"type\":\"quickPlay\"}");
        assertEquals("arena", arenaQuick.getJsonObject("room").getString("game"), "the default game is the arena");

        // the countdown, then the round: both riders move, one turns and is acknowledged
        long started = System.nanoTime();
        int before = a.snapshots;
        a.pump(1500);
        b.pump(0);
        double rate = (a.snapshots - before) / ((System.nanoTime() - started) / 1e9);
        assertTrue(rate > 14 && rate < 26, "about 20 snapshots a second: " + rate);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.phase != MatchPhase.PLAYING && System.nanoTime() < deadline) {
            a.pump(100);
        }
        assertEquals(MatchPhase.PLAYING, a.phase, "the round started");
        a.ws.sendBinary(new byte[]{(byte) Protocol.OP_INPUT, 0, 0, 0, 1, (byte) CyclesWire.INPUT_LEFT});
        deadline = System.nanoTime() + 3_000_000_000L;
        while (a.lastAck < 1 && System.nanoTime() < deadline) {
            a.pump(100);
        }
        assertEquals(1, a.lastAck, "the turn is acknowledged");
        CycleTable ta = a.decoder.cycles();
        assertEquals(2, ta.size());
        b.pump(300);
        a.pump(0);
        assertEquals(2, b.decoder.cycles().size(), "both riders see both cycles");

        // a spectator watches without a seat
        Rider w = open(room.getString("watchPath"));
        assertEquals(0, w.welcome.info().selfId());
        w.pump(500);
        assertTrue(w.snapshots > 3, "the spectator gets snapshots: " + w.snapshots);

        // a bad turn byte closes its sender with 1007; the other rider plays on
        b.ws.sendBinary(new byte[]{(byte) Protocol.OP_INPUT, 0, 0, 0, 9, 7});
        assertEquals(1007, b.ws.awaitClose(5000));
        int seen = a.snapshots;
        a.pump(500);
        assertTrue(a.snapshots > seen + 5, "the other rider's snapshots go on");
        a.ws.close();
        w.ws.close();
    }
}
