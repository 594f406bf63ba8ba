package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real WAR on the real Payara Micro, driven by real WebSocket clients: lobby, game stream, snapshot rate,
 * movement, two players, and bad frames.
 */
final class GameScenarios {
    private final ItClients it;

    GameScenarios(ItClients it) {
        this.it = it;
    }

    private URI ws(String path) {
        return it.ws(path);
    }

    private WsClient lobby(String nickname) throws Exception {
        return it.lobby(nickname);
    }

    private ItClients.Player play(WsClient lobby, String joinMessage) throws Exception {
        return it.play(lobby, joinMessage);
    }

    void lobbyGreetsListsAndJoins() throws Exception {
        try (WsClient c = WsClient.connect(ws("ws/lobby"))) {
            assertEquals("HELLO_REQUIRED", c.request("{\"type\":\"listRooms\"}").getString("code"));
            assertEquals("BAD_JSON", c.request("{nope").getString("code"));
            assertEquals("UNKNOWN_TYPE", c.request("{\"type\":\"dance\"}").getString("code"));
            assertEquals("INVALID_NICKNAME",
                    c.request("{\"type\":\"hello\",\"nickname\":\"abcdefghijklmnopq\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}").getString("code"));
            assertEquals("INVALID_NICKNAME",
                    c.request("{\"type\":\"hello\",\"nickname\":\"a\\u0007b\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}").getString("code"));
            assertEquals("PROTOCOL_MISMATCH",
                    c.request("{\"type\":\"hello\",\"nickname\":\"ann\",\"protocol\":"
                            + (dev.skirmish.engine.spi.wire.Protocol.VERSION - 1) + "}").getString("code"));
            assertEquals("PROTOCOL_MISMATCH",
                    c.request("{\"type\":\"hello\",\"nickname\":\"ann\",\"protocol\":4294967297}").getString("code"));
            assertEquals("BAD_MESSAGE",
                    c.request("{\"type\":\"hello\",\"nickname\":[],\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}").getString("code"));
            assertEquals("BAD_JSON", c.request("[1,2]").getString("code"));
            assertEquals("UNKNOWN_TYPE", c.request("{\"type\":7}").getString("code"));
            JsonObject w = c.request("{\"type\":\"hello\",\"nickname\":\" Ann \",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}");
            assertEquals("welcome", w.getString("type"));
            assertEquals("Ann", w.getString("nickname"));
            assertEquals(dev.skirmish.engine.spi.wire.Protocol.VERSION, w.getInt("protocol"));
            JsonObject settings = w.getJsonObject("settings"); // what the client learns from the server
            assertEquals(2, settings.getInt("minCapacity"));
            assertEquals(32, settings.getInt("maxCapacity"));
            assertEquals(4, settings.getInt("seatHoldSeconds"), "it-skirmish.properties: seat.holdSeconds=4");
            JsonObject arena = settings.getJsonArray("games").getValuesAs(JsonObject.class).stream()
                    .filter(g -> g.getString("name").equals("arena")).findFirst().orElseThrow();
            assertEquals(3.0, arena.getJsonNumber("respawnSeconds").doubleValue());
            assertEquals("arena", settings.getString("defaultGame"));
            assertEquals(160, settings.getInt("interestMargin"));
            assertEquals("ALREADY_GREETED",
                    c.request("{\"type\":\"hello\",\"nickname\":\"ann\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}").getString("code"));
            assertEquals("ROOM_NOT_FOUND", c.request("{\"type\":\"joinRoom\",\"roomId\":\"zzz\"}").getString("code"));
            assertEquals("BAD_MESSAGE", c.request("{\"type\":\"joinRoom\",\"roomId\":7}").getString("code"));
            assertEquals("INVALID_CAPACITY", c.request(ItClients.createRoom("x", 99)).getString("code"));
            assertEquals("INVALID_CAPACITY", c.request("{\"type\":\"createRoom\",\"name\":\"x\",\"capacity\":18446744073709551621}")
                    .getString("code"), "a huge number does not wrap around to a small one");
            assertEquals("INVALID_CAPACITY", c.request("{\"type\":\"createRoom\",\"name\":\"x\",\"capacity\":4.5}").getString("code"));
            assertEquals("INVALID_CAPACITY", c.request("{\"type\":\"createRoom\",\"name\":\"x\",\"capacity\":\"8\"}").getString("code"));
            assertEquals("INVALID_ROOM_NAME", c.request(ItClients.createRoom("", 4)).getString("code"));
            assertEquals("NOT_IN_ROOM", c.request("{\"type\":\"leave\"}").getString("code"));

            JsonObject joined = c.request("{\"type\":\"quickPlay\"}");
            assertEquals("joined", joined.getString("type"), joined.toString());
            String roomId = joined.getJsonObject("room").getString("id");
            assertTrue(joined.getString("gamePath").startsWith("ws/game/" + roomId + "?ticket="));
            JsonObject rooms = c.request("{\"type\":\"listRooms\"}");
            assertTrue(rooms.getJsonArray("rooms").stream()
                    .anyMatch(r -> r.asJsonObject().getString("id").equals(roomId)
                            && r.asJsonObject().getInt("players") >= 1), rooms.toString());
            JsonObject left = c.request("{\"type\":\"leave\"}");
            assertEquals("left", left.getString("type"));
            assertTrue(c.isOpen(), "errors never close the lobby");
        }
    }

    void fullRoomIsRefusedWithTypedError() throws Exception {
        try (WsClient a = lobby("a1"); WsClient b = lobby("b1"); WsClient c = lobby("c1")) {
            JsonObject joined = a.request(ItClients.createRoom("Duel", 2));
            String roomId = joined.getJsonObject("room").getString("id");
            // a new room waits for its players: the lobby said "playing" until the creator was in the world
            assertEquals("waiting", joined.getJsonObject("room").getString("phase"), joined.toString());
            assertTrue(c.request("{\"type\":\"listRooms\"}").getJsonArray("rooms").stream().map(r -> r.asJsonObject())
                    .anyMatch(r -> r.getString("id").equals(roomId) && r.getString("phase").equals("waiting")));
            assertEquals("joined", b.request("{\"type\":\"joinRoom\",\"roomId\":\"" + roomId + "\"}").getString("type"));
            JsonObject full = c.request("{\"type\":\"joinRoom\",\"roomId\":\"" + roomId + "\"}");
            assertEquals("error", full.getString("type"));
            assertEquals("ROOM_FULL", full.getString("code"));
            assertEquals("joinRoom", full.getString("re"));
        }
    }

    void snapshotsArriveAtTheConfiguredRate() throws Exception {
        try (WsClient l = lobby("rate")) {
            ItClients.Player p = play(l, ItClients.createRoom("Rate", 4));
            assertEquals(Protocol.VERSION, p.welcome().protocolVersion());
            int configured = p.welcome().snapshotRateHz();
            p.game().next(ServerFrame.Snapshot.class, s -> true, 5_000);
            p.game().frames.clear();
            long start = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(3_000);
            long elapsed = System.nanoTime() - start;
            List<WsClient.Frame> got = new ArrayList<>();
            p.game().frames.drainTo(got);
            long snapshots = got.stream().filter(f -> (f.bytes()[0] & 0xFF) == Protocol.OP_SNAPSHOT).count();
            double rate = snapshots / (elapsed / 1e9);
            System.out.printf("measured snapshot rate: %.2f Hz (configured %d Hz)%n", rate, configured);
            assertTrue(Math.abs(rate - configured) <= configured * 0.10,
                    "snapshot rate " + rate + " Hz is not within 10% of " + configured + " Hz");
        }
    }

    void inputMovesThePlayerAndIsAcknowledged() throws Exception {
        try (WsClient l = lobby("mover")) {
            ItClients.Player p = play(l, ItClients.createRoom("Move", 4));
            int self = p.welcome().selfId();
            ServerFrame.Snapshot first = p.game().next(ServerFrame.Snapshot.class, s -> ItClients.entity(s, self).isPresent(), 5_000);
            ServerFrame.Entity start = ItClients.entity(first, self).orElseThrow();
            int buttons = start.x() < p.welcome().mapWidth() / 2.0 ? Buttons.RIGHT : Buttons.LEFT;
            for (int seq = 1; seq <= 60; seq++) {
                p.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(seq, buttons, Quant.toAngle16(0.0))));
                TimeUnit.MILLISECONDS.sleep(16);
            }
            // the server holds the last input past 60 (protocol 9): the ack may pass 60 between two snapshots
            ServerFrame.Snapshot acked = p.game().next(ServerFrame.Snapshot.class, s -> s.ackSeq() >= 60, 5_000);
            ServerFrame.Entity end = ItClients.entity(acked, self).orElseThrow();
            double moved = Math.abs(end.x() - start.x());
            System.out.printf("moved %.1f units in 60 inputs%n", moved);
            assertTrue(moved > 100, "player moved only " + moved + " units");
            // the same steps three to an INPUTS frame: every one counts (protocol 4)
            int back = buttons == Buttons.RIGHT ? Buttons.LEFT : Buttons.RIGHT;
            for (int seq = 61; seq <= 120; seq += 3) {
                List<ClientFrame.Input> three = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    three.add(new ClientFrame.Input(seq + i, back, Quant.toAngle16(0.0)));
                }
                p.game().sendBinary(ClientFrames.encode(new ClientFrame.Inputs(three)));
                TimeUnit.MILLISECONDS.sleep(50);
            }
            ServerFrame.Snapshot batched = p.game().next(ServerFrame.Snapshot.class, s -> s.ackSeq() >= 120, 5_000);
            double returned = Math.abs(ItClients.entity(batched, self).orElseThrow().x() - end.x());
            System.out.printf("moved back %.1f units in 60 inputs sent three to a frame%n", returned);
            assertTrue(returned > 50, "60 batched inputs (after a turn) moved the player only " + returned + " units");
            // protocol 9: one RUNS frame of a single tick, then nothing: the server holds that input for
            // input.holdMillis (1000 ms, 60 ticks) past it, acknowledging each held tick, and then the player waits
            byte[] right = new dev.skirmish.engine.spi.wire.ByteWriter(8).u8(buttons).u16(Quant.toAngle16(0.0)).u32(0)
                    .u8(0).toByteArray();
            p.game().sendBinary(runs(121, new int[]{1}, right));
            ServerFrame.Snapshot held = p.game().next(ServerFrame.Snapshot.class, s -> s.ackSeq() == 121 + 60, 5_000);
            TimeUnit.MILLISECONDS.sleep(500);
            ServerFrame.Snapshot waited = p.game().next(ServerFrame.Snapshot.class, s -> true, 5_000);
            assertEquals(121 + 60, waited.ackSeq(), "no input is held past input.holdMillis");
            double heldMoved = Math.abs(ItClients.entity(held, self).orElseThrow().x() - ItClients.entity(batched, self)
                    .orElseThrow().x());
            System.out.printf("one RUNS tick held for 60 more ticks: moved %.1f units%n", heldMoved);
            assertTrue(heldMoved > 100, "the held input moved the player: " + heldMoved);
            assertEquals(ItClients.entity(held, self).orElseThrow().x(), ItClients.entity(waited, self).orElseThrow().x(),
                    1.0, "then it waits (friction may carry it a little)");
        }
    }

    void twoPlayersSeeEachOtherAndABadFrameClosesOnlyItsSender() throws Exception {
        try (WsClient la = lobby("alice"); WsClient lb = lobby("bob")) {
            ItClients.Player a = play(la, ItClients.createRoom("Pair", 4));
            ItClients.Player b = play(lb, "{\"type\":\"joinRoom\",\"roomId\":\"" + a.roomId() + "\"}");
            int ia = a.welcome().selfId();
            int ib = b.welcome().selfId();
            assertFalse(ia == ib);
            a.game().next(ServerFrame.Snapshot.class, s -> ItClients.entity(s, ia).isPresent() && ItClients.entity(s, ib).isPresent(), 5_000);
            ServerFrame.Snapshot seenByB = b.game().next(ServerFrame.Snapshot.class,
                    s -> ItClients.entity(s, ia).isPresent() && ItClients.entity(s, ib).isPresent() && s.roster() != null
                            && s.roster().players().size() == 2, 5_000);
            assertNotNull(seenByB);

            a.game().sendBinary(new byte[]{0x7f, 1, 2});
            assertEquals(1003, a.game().awaitClose(5_000));
            assertTrue(a.game().closeReason.contains("unknown opcode"), a.game().closeReason);

            b.game().frames.clear();
            ServerFrame.Snapshot after = b.game().next(ServerFrame.Snapshot.class,
                    s -> ItClients.entity(s, ib).isPresent(), 5_000);
            assertNotNull(after, "the other player keeps playing");
            assertTrue(ItClients.entity(after, ia).isPresent(), "the closed player's seat is held (seat.holdSeconds)");
            b.game().next(ServerFrame.Snapshot.class, s -> true, 1_000);
            assertTrue(b.game().isOpen());
        }
    }

    /**
     * Spectators: a public room's summary says where to watch it; a spectator gets a welcome without an entity,
     * follows the leader, switches with FOLLOW, holds no seat, and its places are bounded (room.maxSpectators=2
     * here). Inputs from a spectator, FOLLOW from a player and watching a private room are refused.
     */
    void spectatorsWatchWithoutTakingASeat() throws Exception {
        try (WsClient la = lobby("alice"); WsClient lb = lobby("bob")) {
            ItClients.Player a = play(la, ItClients.createRoom("Watched", 2));
            ItClients.Player b = play(lb, ItClients.joinRoom(a.roomId()));
            JsonObject listed = la.request("{\"type\":\"listRooms\"}").getJsonArray("rooms").stream()
                    .map(v -> v.asJsonObject()).filter(r -> r.getString("id").equals(a.roomId())).findFirst().orElseThrow();
            assertEquals("ws/game/" + a.roomId() + "?watch", listed.getString("watchPath"));
            assertEquals(2, listed.getInt("players"));

            ItClients.Player w1 = it.open(listed.getString("watchPath"), a.roomId());
            assertEquals(0, w1.welcome().selfId(), "a spectator has no entity of its own");
            int watched = w1.game().next(ServerFrame.Following.class, f -> true, 5_000).entityId();
            int ia = a.welcome().selfId();
            int ib = b.welcome().selfId();
            assertTrue(watched == ia || watched == ib, "watches one of the players: " + watched);
            ServerFrame.Snapshot seen = w1.game().next(ServerFrame.Snapshot.class,
                    s -> ItClients.entity(s, watched).isPresent(), 5_000);
            assertEquals(0, seen.ackSeq());
            int other = watched == ia ? ib : ia;
            w1.game().sendBinary(ClientFrames.encode(new ClientFrame.Follow(1)));
            assertEquals(other, w1.game().next(ServerFrame.Following.class, f -> true, 5_000).entityId());

            ItClients.Player w2 = it.open(listed.getString("watchPath"), a.roomId());
            try (WsClient w3 = WsClient.connect(ws(listed.getString("watchPath")))) {
                assertEquals(4006, w3.awaitClose(5_000), "a third spectator: the two places are taken");
                assertTrue(w3.closeReason.contains("spectators"), w3.closeReason);
            }
            assertEquals(2.0, it.probe().metric("skirmish_spectators"), "/metrics counts the two spectators");
            JsonObject after = la.request("{\"type\":\"listRooms\"}").getJsonArray("rooms").stream()
                    .map(v -> v.asJsonObject()).filter(r -> r.getString("id").equals(a.roomId())).findFirst().orElseThrow();
            assertEquals(2, after.getInt("players"), "spectators take no seat");

            w2.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(1, Buttons.RIGHT, 0)));
            assertEquals(1008, w2.game().awaitClose(5_000));
            assertTrue(w2.game().closeReason.contains("spectator"), w2.game().closeReason);
            // its place is free again once the server has seen the stream end (a moment after the client did)
            ItClients.Player w4 = null;
            for (int i = 0; i < 20 && w4 == null; i++) {
                Thread.sleep(100);
                try (WsClient probe = WsClient.connect(ws(listed.getString("watchPath")))) {
                    probe.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0)));
                    probe.next(ServerFrame.Welcome.class, f -> true, 2_000);
                    w4 = new ItClients.Player(probe, null, a.roomId());
                    probe.next(ServerFrame.Snapshot.class, s -> true, 5_000);
                } catch (AssertionError | IllegalStateException refused) {
                    // 4006 still: the server has not seen w2's close yet
                }
            }
            assertNotNull(w4, "a spectator place is free again after one closed");

            b.game().sendBinary(ClientFrames.encode(new ClientFrame.Follow(1)));
            assertEquals(1008, b.game().awaitClose(5_000));
            assertTrue(b.game().closeReason.contains("FOLLOW"), b.game().closeReason);
            assertTrue(a.game().isOpen() && w1.game().isOpen(), "nobody else is harmed");
        }
        try (WsClient l = lobby("hider")) {
            JsonObject joined = l.request("{\"type\":\"createRoom\",\"name\":\"Hidden\",\"capacity\":2,\"private\":true}");
            String roomId = joined.getJsonObject("room").getString("id");
            assertFalse(joined.getJsonObject("room").containsKey("watchPath"), "a private room has no watch path");
            assertEquals(404, WsClient.handshakeStatus(ws("ws/game/" + roomId + "?watch")),
                    "a private room cannot be watched: refused before the upgrade");
        }
    }

    void badFramesGetTheirDocumentedCloseCodes() throws Exception {
        assertEquals(1007, closeAfter(new byte[]{Protocol.OP_INPUT, 0, 0}));
        assertEquals(1007, closeAfter(new byte[]{Protocol.OP_INPUT, 0, 0, 0, 1, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(1007, closeAfter(new byte[]{Protocol.OP_INPUTS, 0, 0, 0, 1, 0})); // no inputs
        assertEquals(1007, closeAfter(new byte[]{Protocol.OP_INPUTS, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0})); // five
        assertEquals(1009, closeAfter(new byte[Protocol.MAX_CLIENT_BINARY_BYTES + 1]));
        byte[] run = {1, 0, 0, 0, 0, 0, 0, 0}; // an arena input: buttons, aim, view tick, fraction
        assertEquals(1007, closeAfter(new byte[]{Protocol.OP_RUNS, 0, 0, 0, 1, 0})); // no runs
        assertEquals(1007, closeAfter(runs(1, new int[]{0}, run))); // a run of no tick
        assertEquals(1007, closeAfter(runs(1, new int[]{40, 25}, run, run))); // 65 ticks in one frame
        assertEquals(1007, closeAfter(runs(1, new int[]{1}, new byte[]{(byte) 0x80, 0, 0, 0, 0, 0, 0, 0}))); // bad button
        try (WsClient l = lobby("texter")) {
            ItClients.Player p = play(l, ItClients.createRoom("Text", 4));
            p.game().sendText("hello?");
            assertEquals(1003, p.game().awaitClose(5_000));
        }
        assertEquals(404, WsClient.handshakeStatus(ws("ws/game/whatever?ticket=nope")), "an unknown room: HTTP 404");
        try (WsClient l = lobby("ticket")) {
            JsonObject joined = l.request(ItClients.createRoom("Ticket", 4));
            String roomId = joined.getJsonObject("room").getString("id");
            try (WsClient bad = WsClient.connect(ws("ws/game/" + roomId + "?ticket=forged"))) {
                assertEquals(4000, bad.awaitClose(5_000));
            }
        }
        try (WsClient l = WsClient.connect(ws("ws/lobby"))) {
            l.sendText("{\"type\":\"hello\",\"nickname\":\"" + "x".repeat(5000) + "\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}");
            assertEquals(1009, l.awaitClose(5_000));
        }
    }

    /** A RUNS frame from {@code first}: run i covers {@code ticks[i]} ticks with {@code inputs[i]}. */
    static byte[] runs(long first, int[] ticks, byte[]... inputs) {
        return dev.skirmish.engine.spi.wire.StreamFrames.encodeRuns(first, List.of(inputs), ticks);
    }

    private int closeAfter(byte[] frame) throws Exception {
        try (WsClient l = lobby("bad")) {
            ItClients.Player p = play(l, ItClients.createRoom("Bad", 4));
            p.game().sendBinary(frame);
            return p.game().awaitClose(5_000);
        }
    }

}
