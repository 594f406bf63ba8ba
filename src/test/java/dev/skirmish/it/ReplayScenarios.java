package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.Swarm;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.tools.CheckReplay;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Replays on the real server (docs/replays.md): bots play each game, their matches are kept, listed by the lobby
 * and over HTTP, downloaded and checked offline by the bots jar's command (the determinism check of each game); a
 * replay stream plays, pauses, changes speed and seeks; a kill replay shows a running room's last seconds from the
 * killer's view; bad requests get their close codes.
 */
final class ReplayScenarios {
    private final URL base;
    private final ItClients clients;
    private final HttpClient http = HttpClient.newHttpClient();

    ReplayScenarios(URL base, ItClients clients) {
        this.base = base;
        this.clients = clients;
    }

    /** Waits (up to 20 s: the bots' seats are held a while) until the server at {@code base} keeps a replay of game. */
    static void awaitReplayOf(URL base, String game) throws Exception {
        ReplayScenarios r = new ReplayScenarios(base, null);
        r.replaysOf(game, 0, 20);
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.toURI().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    /** The replays of {@code game} that ended after {@code since} (epoch ms), newest first; waits a while. */
    private List<JsonObject> replaysOf(String game, long since) throws Exception {
        return replaysOf(game, since, 15, 0);
    }

    private List<JsonObject> replaysOf(String game, long since, int seconds) throws Exception {
        return replaysOf(game, since, seconds, 0);
    }

    /** The same, of matches at least {@code players} played in (another test's bots may finish late). */
    private List<JsonObject> replaysOf(String game, long since, int seconds, int players) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JsonObject> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            out.clear();
            for (JsonValue v : get("replays").getJsonArray("replays")) {
                JsonObject r = v.asJsonObject();
                if (r.getString("game").equals(game) && r.getJsonNumber("endedAt").longValue() >= since
                        && r.getJsonArray("players").size() >= players) {
                    out.add(r);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no replay of " + game + " ended after " + since + ": " + get("replays"));
    }

    /** Bots play each game; each game's replay is listed, downloaded and plays back to the same states offline. */
    void eachGamesMatchesAreKeptListedDownloadedAndCheckedOffline() throws Exception {
        long since = System.currentTimeMillis();
        Path dir = Path.of("target/replays");
        Files.createDirectories(dir);
        for (String game : List.of("arena", "teams", "cycles")) {
            Swarm.run("--url", base.toString(), "--bots", "3", "--ramp", "1", "--warmup", "1", "--seconds", "9",
                    "--game", game, "--rooms", "spread:1", "--room-capacity", "3", "--report",
                    "target/swarm/it-replays-" + game);
            JsonObject r = replaysOf(game, since, 20, 3).get(0); // the three bots', also those who left
            String id = r.getString("id");
            assertEquals("ws/replay/" + id, r.getString("watchPath"));
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(base.toURI().resolve(r.getString("downloadPath")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());
            assertEquals("attachment; filename=\"skirmish-" + game + "-" + id + ".skr\"",
                    file.headers().firstValue("content-disposition").orElse(""));
            assertEquals(r.getInt("bytes"), file.body().length);
            Path saved = dir.resolve(game + "-" + id + ".skr");
            Files.write(saved, file.body());
            int players = r.getJsonArray("players").size();
            double minutes = r.getJsonNumber("seconds").doubleValue() / 60;
            System.out.printf(Locale.ROOT, "replay of %s: %.1f s, %d players, %d bytes, %.0f bytes per minute per player%n",
                    game, r.getJsonNumber("seconds").doubleValue(), players, file.body().length,
                    file.body().length / minutes / players);
            assertEquals(0, CheckReplay.check(saved), "the offline check plays " + saved + " to the recorded states");
            try (WsClient lobby = clients.lobby("replayfan")) {
                JsonObject listed = lobby.request("{\"type\":\"listReplays\"}");
                assertEquals("replays", listed.getString("type"));
                assertTrue(listed.getJsonArray("replays").stream().anyMatch(v -> v.asJsonObject().getString("id").equals(id)),
                        "the lobby lists it: " + listed);
            }
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.toURI().resolve("replays/nosuch")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("REPLAY_NOT_FOUND"));
    }

    /** A replay stream plays at 1x, goes 4x, pauses and seeks; bad controls and unknown replays are closed. */
    void aReplayStreamPlaysPausesChangesSpeedAndSeeks() throws Exception {
        if (get("replays").getJsonArray("replays").stream().noneMatch(v -> v.asJsonObject().getString("game").equals("arena"))) {
            Swarm.run("--url", base.toString(), "--bots", "2", "--ramp", "0.5", "--warmup", "1", "--seconds", "9",
                    "--rooms", "spread:1", "--room-capacity", "2", "--report", "target/swarm/it-replay-stream");
        }
        List<JsonObject> arena = replaysOf("arena", 0);
        String id = arena.get(0).getString("id");
        long opened = System.nanoTime();
        try (WsClient c = WsClient.connect(clients.ws("ws/replay/" + id))) {
            c.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
            ServerFrame.Welcome w = c.next(ServerFrame.Welcome.class, x -> true, 5000);
            assertEquals(0, w.selfId(), "watched as a spectator");
            assertEquals(60, w.simRateHz());
            c.next(ServerFrame.Following.class, f -> f.entityId() > 0, 5000);
            c.next(ServerFrame.Snapshot.class, s -> true, 5000);
            double openMs = (System.nanoTime() - opened) / 1e6;
            ServerFrame.Replay first = c.next(ServerFrame.Replay.class, x -> true, 5000);
            assertEquals(4, first.speedQuarters());
            Thread.sleep(1000);
            ServerFrame.Replay oneX = latest(c);
            c.sendBinary(StreamFrames.replayControl(false, 16, Protocol.REPLAY_NO_SEEK));
            ServerFrame.Welcome fast = c.next(ServerFrame.Welcome.class, x -> true, 5000);
            assertEquals(240, fast.simRateHz(), "the stream starts over at 4x the tick rate");
            ServerFrame.Replay before = c.next(ServerFrame.Replay.class, x -> x.speedQuarters() == 16, 5000);
            Thread.sleep(1000);
            ServerFrame.Replay after = latest(c);
            double rate = (after.position() - before.position()) / 60.0;
            c.sendBinary(StreamFrames.replayControl(true, 16, 30));
            ServerFrame.Replay paused = c.next(ServerFrame.Replay.class, x -> (x.flags() & 1) != 0, 5000);
            Thread.sleep(600);
            ServerFrame.Replay still = latest(c);
            System.out.printf(Locale.ROOT, "replay stream: first snapshot %.0f ms after connecting; 1x moved %d ticks in"
                    + " 1 s (+ a little), 4x %.1f s of game per second; paused at %d, still %d%n", openMs,
                    oneX.position(), rate, paused.position(), still.position());
            assertTrue(after.length() == 0 || rate > 2.5 || after.position() == after.length(), "4x plays fast: " + rate);
            assertEquals(Math.min(30, paused.length()), paused.position(), "the seek went to tick 30");
            assertEquals(paused.position(), still.position(), "paused stays");
            c.sendBinary(new byte[] {Protocol.OP_REPLAY_CONTROL, 0, 1, 0, 0, 0, 0});
            assertEquals(1007, c.awaitClose(5000), "a speed below 0.5x: " + c.closeReason);
            assertTrue(c.closeReason.contains("replay speed"), c.closeReason);
        }
        try (WsClient c = WsClient.connect(clients.ws("ws/replay/nosuchreplay"))) {
            c.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
            assertEquals(4008, c.awaitClose(5000));
            assertTrue(c.closeReason.contains("no replay"), c.closeReason);
        }
        try (WsClient c = WsClient.connect(clients.ws("ws/replay/" + id))) {
            c.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
            c.next(ServerFrame.Welcome.class, x -> true, 5000);
            c.sendBinary(new byte[] {Protocol.OP_INPUT, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
            assertEquals(1008, c.awaitClose(5000), "a replay takes no inputs: " + c.closeReason);
        }
    }

    /** The latest REPLAY frame that has come (waiting for at least one). */
    private static ServerFrame.Replay latest(WsClient c) throws Exception {
        ServerFrame.Replay last = c.next(ServerFrame.Replay.class, x -> true, 5000);
        WsClient.Frame f;
        while ((f = c.frames.poll()) != null) {
            if (f.frame() instanceof ServerFrame.Replay r) {
                last = r;
            }
        }
        return last;
    }

    /** While bots play, a kill replay of their room plays its last seconds following the asked player, then ends. */
    void aKillReplayShowsARunningRoomsLastSecondsFromAPlayersView() throws Exception {
        CompletableFuture<Void> playing = CompletableFuture.runAsync(() -> {
            try {
                Swarm.run("--url", base.toString(), "--bots", "2", "--ramp", "0.5", "--warmup", "1", "--seconds", "10",
                        "--rooms", "spread:1", "--room-capacity", "2", "--report", "target/swarm/it-killreplay");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (WsClient lobby = clients.lobby("killcam")) {
            String roomId = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (roomId == null && System.nanoTime() < deadline) {
                for (JsonValue v : lobby.request("{\"type\":\"listRooms\"}").getJsonArray("rooms")) {
                    JsonObject r = v.asJsonObject();
                    if (r.getString("name").startsWith("swarm") && r.getInt("players") == 2 && r.getString("game").equals("arena")) {
                        roomId = r.getString("id");
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(roomId != null, "the bots' room is listed");
            Thread.sleep(4000); // some seconds of play to look back on
            try (WsClient c = WsClient.connect(clients.ws("ws/replay/" + roomId + "?last=3&follow=2"))) {
                c.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
                c.next(ServerFrame.Welcome.class, x -> true, 5000);
                assertEquals(2, c.next(ServerFrame.Following.class, x -> true, 5000).entityId(), "the asked player's view");
                ServerFrame.Replay start = c.next(ServerFrame.Replay.class, x -> true, 5000);
                assertTrue((start.flags() & 4) != 0, "a kill replay says so");
                assertEquals(180, start.length() - start.position(), 5, "it starts 3 s before its end: " + start);
                ServerFrame.Replay end = c.next(ServerFrame.Replay.class, x -> (x.flags() & 2) != 0, 6000);
                assertEquals(end.length(), end.position(), "it plays to its end");
            }
            try (WsClient c = WsClient.connect(clients.ws("ws/replay/" + roomId + "?last=999"))) {
                c.sendBinary(new byte[] {Protocol.OP_PING, 0, 0, 0, 1});
                assertEquals(1008, c.awaitClose(5000), "beyond replay.killSeconds: " + c.closeReason);
            }
        } finally {
            playing.get(60, TimeUnit.SECONDS);
        }
    }
}
