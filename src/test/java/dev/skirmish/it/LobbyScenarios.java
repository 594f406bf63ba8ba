package dev.skirmish.it;

import static dev.skirmish.it.ItClients.createRoom;
import static dev.skirmish.it.ItClients.entity;
import static dev.skirmish.it.ItClients.hello;
import static dev.skirmish.it.ItClients.joinRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.engine.spi.MatchPhase;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.TimeUnit;

/**
 * The lobby against the real server: live room list, private rooms, chat, presence, session tokens, seat hold
 * and resume, heartbeat and idle closes. Runs with {@code src/test/resources/it-skirmish.properties}: yard map,
 * 4 s seat hold, 1 s heartbeat, 8 s idle timeout, 1 s countdown.
 */
final class LobbyScenarios {
    private static final long HOLD_MILLIS = 4_000;


    private final ItClients clients;

    LobbyScenarios(ItClients clients) {
        this.clients = clients;
    }

    private ItClients it() {
        return clients;
    }

    private static boolean mentions(JsonObject push, String field, String id) {
        return push.getJsonArray(field).stream().anyMatch(v -> v.getValueType() == JsonValue.ValueType.STRING
                ? ((jakarta.json.JsonString) v).getString().equals(id)
                : v.asJsonObject().getString(v.asJsonObject().containsKey("id") ? "id" : "playerId").equals(id));
    }

    private static JsonObject updated(JsonObject push, String id) {
        return push.getJsonArray("updated").stream().map(JsonValue::asJsonObject)
                .filter(o -> id.equals(o.getString(o.containsKey("id") ? "id" : "playerId"))).findFirst().orElseThrow();
    }

    void theRoomListIsPushedLiveFromOpeningToClosing() throws Exception {
        ItClients it = it();
        try (WsClient watcher = it.lobby("watcher"); WsClient host = it.lobby("host")) {
            JsonObject joined = host.request(createRoom("Live room", 4));
            String id = joined.getJsonObject("room").getString("id");
            JsonObject opened = watcher.awaitPush("roomsChanged",
                    p -> mentions(p, "updated", id) && updated(p, id).getInt("players") == 1, 3_000);
            assertEquals("Live room", updated(opened, id).getString("name"));
            assertEquals(1, updated(opened, id).getInt("players"));
            ItClients.Player p = it.open(joined.getString("gamePath"), id);
            try (WsClient guest = it.lobby("guest")) {
                guest.request(joinRoom(id));
                JsonObject two = watcher.awaitPush("roomsChanged",
                        q -> mentions(q, "updated", id) && updated(q, id).getInt("players") == 2, 3_000);
                assertNotNull(two);
                guest.request("{\"type\":\"leave\"}");
            }
            assertEquals("left", host.request("{\"type\":\"leave\"}").getString("type"));
            assertEquals(1000, p.game().awaitClose(3_000), "leaving closes the game stream normally");
            JsonObject closed = watcher.awaitPush("roomsChanged", q -> mentions(q, "closed", id), 10_000);
            assertNotNull(closed, "the empty room closed after room.emptyCloseSeconds and the lobby heard of it");
        }
    }

    void privateRoomsAreHiddenAndJoinedByTheirCode() throws Exception {
        ItClients it = it();
        try (WsClient host = it.lobby("privhost"); WsClient friend = it.lobby("friend")) {
            JsonObject joined = host.request("{\"type\":\"createRoom\",\"name\":\"Secret\",\"capacity\":4,\"private\":true}");
            String id = joined.getJsonObject("room").getString("id");
            String code = joined.getString("code");
            assertEquals(6, code.length());
            assertTrue(joined.getJsonObject("room").getBoolean("private"));
            JsonObject list = friend.request("{\"type\":\"listRooms\"}");
            assertFalse(list.toString().contains(id), "a private room is not listed");
            assertEquals("ROOM_NOT_FOUND", friend.request(joinRoom(id)).getString("code"), "nor joinable by id");
            assertEquals("ROOM_NOT_FOUND",
                    friend.request("{\"type\":\"joinByCode\",\"code\":\"00000O\"}").getString("code"));
            JsonObject byCode = friend.request("{\"type\":\"joinByCode\",\"code\":\"" + code.toLowerCase() + "\"}");
            assertEquals("joined", byCode.getString("type"), byCode.toString());
            assertEquals(id, byCode.getJsonObject("room").getString("id"));
            assertEquals(code, byCode.getString("code"));
            TimeUnit.MILLISECONDS.sleep(400);
            assertTrue(friend.pushes.stream().noneMatch(p -> p.toString().contains(id)),
                    "no push ever names the private room");
        }
    }

    void chatReachesItsChannelWithHistoryAndLimits() throws Exception {
        ItClients it = it();
        try (WsClient a = it.lobby("chatter"); WsClient b = it.lobby("listener")) {
            String text = "hello <img src=x onerror=alert(1)> there";
            JsonObject sent = a.request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"" + text + "\"}");
            assertEquals("chatSent", sent.getString("type"), sent.toString());
            JsonObject got = b.awaitPush("chat", m -> m.getString("text").equals(text), 3_000);
            assertEquals("chatter", got.getJsonObject("from").getString("nickname"));
            assertEquals(a.welcome.getString("playerId"), got.getJsonObject("from").getString("playerId"));
            try (WsClient late = it.lobby("late")) {
                JsonObject history = late.awaitPush("chatHistory", h -> h.getString("channel").equals("lobby"), 3_000);
                assertTrue(history.getJsonArray("messages").stream()
                        .anyMatch(m -> m.asJsonObject().getString("text").equals(text)), "history on hello");
                assertTrue(history.getJsonArray("messages").size() <= 50);
            }
            String tooLong = "x".repeat(201);
            assertEquals("INVALID_CHAT",
                    a.request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"" + tooLong + "\"}").getString("code"));
            assertEquals("INVALID_CHAT",
                    a.request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"bell\\u0007\"}").getString("code"));
            assertEquals("INVALID_CHAT",
                    a.request("{\"type\":\"chat\",\"channel\":\"shout\",\"text\":\"hi\"}").getString("code"));
            assertEquals("NOT_IN_ROOM",
                    a.request("{\"type\":\"chat\",\"channel\":\"room\",\"text\":\"hi\"}").getString("code"));
            String[] replies = new String[5];
            for (int i = 0; i < 5; i++) {
                replies[i] = b.request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"spam " + i + "\"}")
                        .getString(i < 3 ? "type" : "code", "?");
            }
            assertEquals("chatSent", replies[0]);
            assertEquals("chatSent", replies[2]);
            assertEquals("CHAT_RATE_LIMITED", replies[3], "a burst of 3, then about one a second");
        }
    }

    void roomChatStaysInTheRoomAndComesWithHistory() throws Exception {
        ItClients it = it();
        try (WsClient a = it.lobby("roomchat"); WsClient b = it.lobby("mate"); WsClient outsider = it.lobby("outsider")) {
            ItClients.Player pa = it.play(a, createRoom("Chat room", 4));
            ItClients.Player pb = it.play(b, joinRoom(pa.roomId()));
            assertNotNull(pb);
            JsonObject sent = a.request("{\"type\":\"chat\",\"channel\":\"room\",\"text\":\"gg in here\"}");
            assertEquals("chatSent", sent.getString("type"), sent.toString());
            JsonObject got = b.awaitPush("chat", m -> m.getString("text").equals("gg in here"), 3_000);
            assertEquals("room", got.getString("channel"));
            assertEquals(pa.roomId(), got.getString("roomId"));
            // a lobby message after it reaches the outsider; the room message must not have come before it
            TimeUnit.MILLISECONDS.sleep(1100);
            a.request("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"marker\"}");
            outsider.awaitPush("chat", m -> m.getString("text").equals("marker"), 3_000);
            assertTrue(outsider.pushes.stream().noneMatch(m -> m.toString().contains("gg in here")));
            try (WsClient c = it.lobby("joiner")) {
                c.request(joinRoom(pa.roomId()));
                JsonObject history = c.awaitPush("chatHistory", h -> h.getString("channel").equals("room"), 3_000);
                assertTrue(history.toString().contains("gg in here"), "room history on join");
            }
        }
    }

    void presenceFollowsAPlayerFromLobbyToGameAndAway() throws Exception {
        ItClients it = it();
        try (WsClient watcher = it.lobby("onlooker")) {
            WsClient p = it.lobby("wanderer");
            String id = p.welcome.getString("playerId");
            JsonObject came = watcher.awaitPush("presenceChanged",
                    q -> mentions(q, "updated", id) && updated(q, id).getString("status").equals("lobby"), 3_000);
            assertEquals("wanderer", updated(came, id).getString("nickname"));
            ItClients.Player game = it.play(p, createRoom("Presence", 4));
            JsonObject playing = watcher.awaitPush("presenceChanged",
                    q -> mentions(q, "updated", id) && updated(q, id).getString("status").equals("playing"), 3_000);
            assertEquals(game.roomId(), updated(playing, id).getString("roomId"));
            assertEquals("Presence", updated(playing, id).getString("roomName"));
            game.game().abort();
            watcher.awaitPush("presenceChanged",
                    q -> mentions(q, "updated", id) && updated(q, id).getString("status").equals("room"), 3_000);
            p.close();
            watcher.awaitPush("presenceChanged", q -> mentions(q, "left", id), 3_000);
        }
    }

    void aDroppedPlayerResumesWithItsScoreAndEntity() throws Exception {
        ItClients it = it();
        try (WsClient la = it.lobby("shooter"); WsClient lb = it.lobby("target")) {
            ItClients.Player a = it.play(la, createRoom("Duel", 2));
            ItClients.Player b = it.play(lb, joinRoom(a.roomId()));
            int self = a.welcome().selfId();
            int target = b.welcome().selfId();
            // shoot at the target until the scoreboard shows a kill
            long seq = 0;
            int kills = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (kills == 0 && System.nanoTime() < deadline) {
                ServerFrame.Snapshot s = a.game().next(ServerFrame.Snapshot.class, x -> true, 5_000);
                if (s.roster() != null) {
                    kills = s.roster().players().stream().filter(r -> r.id() == self).mapToInt(ServerFrame.RosterEntry::kills)
                            .findFirst().orElse(0);
                }
                var me = entity(s, self);
                var them = entity(s, target);
                if (me.isPresent() && them.isPresent() && s.phase() == MatchPhase.PLAYING) {
                    double aim = Math.atan2(them.get().y() - me.get().y(), them.get().x() - me.get().x());
                    a.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(++seq, Buttons.FIRE,
                            Quant.toAngle16(aim))));
                }
            }
            assertEquals(1, kills, "the shooter scored a kill");
            String token = la.welcome.getString("token");
            a.game().abort();
            la.abort();

            long t0 = System.nanoTime();
            try (WsClient again = WsClient.connect(it.ws("ws/lobby"))) {
                JsonObject w = again.request(hello("shooter", token));
                assertEquals("welcome", w.getString("type"), w.toString());
                assertEquals(la.welcome.getString("playerId"), w.getString("playerId"), "same player");
                JsonObject resume = w.getJsonObject("resume");
                assertNotNull(resume, "the seat is held: " + w);
                assertEquals(a.roomId(), resume.getJsonObject("room").getString("id"));
                ItClients.Player back = it.open(resume.getString("gamePath"), a.roomId());
                assertEquals(self, back.welcome().selfId(), "same entity");
                ServerFrame.Snapshot first = back.game().next(ServerFrame.Snapshot.class, s -> s.roster() != null, 5_000);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                System.out.printf("reconnect to resumed play (hello with token, resume ticket, WELCOME, first snapshot): %d ms%n",
                        millis);
                assertEquals(1, first.roster().players().stream().filter(r -> r.id() == self)
                        .mapToInt(ServerFrame.RosterEntry::kills).findFirst().orElse(-1), "score preserved");
                assertTrue(entity(first, self).isPresent());
                back.game().sendBinary(ClientFrames.encode(new ClientFrame.Input(1, Buttons.LEFT, 0)));
                back.game().next(ServerFrame.Snapshot.class, s -> s.ackSeq() == 1, 3_000);
            }
        }
    }

    void aTamperedTokenIsRefusedAndTheConnectionStaysUsable() throws Exception {
        ItClients it = it();
        try (WsClient a = it.lobby("genuine"); WsClient c = WsClient.connect(it.ws("ws/lobby"))) {
            String token = a.welcome.getString("token");
            String[] p = token.split("\\.");
            String forged = String.join(".", p[0], "pSomeoneElse", p[2], p[3], p[4]);
            JsonObject e = c.request(hello("mallory", forged));
            assertEquals("INVALID_TOKEN", e.getString("code"), e.toString());
            assertEquals("hello", e.getString("re"));
            assertEquals("INVALID_TOKEN", c.request(hello("mallory", "garbage")).getString("code"));
            JsonObject w = c.request(hello("mallory", null));
            assertEquals("welcome", w.getString("type"));
            assertFalse(w.getString("playerId").equals(a.welcome.getString("playerId")));
        }
    }

    void aHeldSeatIsReleasedWhenTheHoldRunsOut() throws Exception {
        ItClients it = it();
        try (WsClient la = it.lobby("leaver"); WsClient lb = it.lobby("stayer")) {
            ItClients.Player a = it.play(la, createRoom("Hold", 4));
            ItClients.Player b = it.play(lb, joinRoom(a.roomId()));
            int gone = a.welcome().selfId();
            b.game().next(ServerFrame.Snapshot.class, s -> entity(s, gone).isPresent(), 3_000);
            String token = la.welcome.getString("token");
            long t0 = System.nanoTime();
            a.game().abort();
            la.abort();
            ServerFrame.Snapshot stillThere = b.game().next(ServerFrame.Snapshot.class,
                    s -> System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS / 2), HOLD_MILLIS);
            assertTrue(entity(stillThere, gone).isPresent(), "held: still in the world half-way through the hold");
            b.game().next(ServerFrame.Snapshot.class, s -> entity(s, gone).isEmpty(), HOLD_MILLIS + 3_000);
            long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("seat held for %d ms after the drop (seat.holdSeconds=%d)%n", heldMillis, HOLD_MILLIS / 1000);
            assertTrue(heldMillis >= HOLD_MILLIS - 200 && heldMillis <= HOLD_MILLIS + 2_000, "held " + heldMillis + " ms");
            try (WsClient late = WsClient.connect(it.ws("ws/lobby"))) {
                JsonObject w = late.request(hello("leaver", token));
                assertEquals("welcome", w.getString("type"));
                assertFalse(w.containsKey("resume"), "nothing to resume after the hold");
            }
        }
    }

    void aConnectionThatStopsAnsweringPingsIsClosedAndItsSeatHeld() throws Exception {
        ItClients it = it();
        try (WsClient la = it.lobby("silent")) {
            JsonObject joined = la.request(createRoom("Silent", 4));
            try (RawWsClient raw = new RawWsClient(it.ws(joined.getString("gamePath")))) {
                raw.sendBinary(ClientFrames.encode(new ClientFrame.Ping(1))); // takes its seat
                TimeUnit.MILLISECONDS.sleep(3_500); // then stuck: reads nothing, answers no ping
                int code = raw.readUntilClose(5_000);
                assertEquals(4003, code, "closed for a missing heartbeat");
                assertTrue(raw.pingsSeen >= 1, "the server pinged first");
            }
            try (WsClient again = WsClient.connect(it.ws("ws/lobby"))) {
                JsonObject w = again.request(hello("silent", la.welcome.getString("token")));
                assertNotNull(w.getJsonObject("resume"), "the seat hold applies: " + w);
            }
        }
    }

    void anIdleLobbyConnectionIsClosed() throws Exception {
        try (WsClient idle = it().lobby("idler")) { // greeted, answers pings, then says nothing
            assertEquals(4004, idle.awaitClose(15_000));
            assertEquals("idle lobby connection", idle.closeReason);
        }
    }
}
