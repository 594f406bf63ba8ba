package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's console and the health endpoints on the real server: nothing without the secret
 * ({@code admin.secret=it-admin-secret} in it-skirmish.properties), the state lists a room and its player, drain
 * makes the node not ready and refuses new rooms, kick and close reach the players with their codes, and the
 * history fills every five seconds.
 */
final class AdminScenarios {
    private static final String SECRET = "it-admin-secret";
    private final URL base;
    private final ItClients clients;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminScenarios(URL base, ItClients clients) {
        this.base = base;
        this.clients = clients;
    }

    private HttpResponse<String> call(String method, String path, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject state() throws Exception {
        HttpResponse<String> r = call("GET", "admin/api/state", SECRET);
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private JsonObject room(JsonObject state, String roomId) {
        return state.getJsonArray("rooms").stream().map(v -> v.asJsonObject())
                .filter(r -> r.getString("id").equals(roomId)).findFirst().orElse(null);
    }

    void theConsoleNeedsItsSecretAndActs() throws Exception {
        assertEquals(200, call("GET", "health/live", null).statusCode());
        HttpResponse<String> ready = call("GET", "health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"ready\""), ready.body());

        assertEquals(401, call("GET", "admin/api/state", null).statusCode(), "no secret, no state");
        assertEquals(401, call("GET", "admin/api/state", "guess").statusCode(), "a wrong secret, no state");
        assertEquals(401, call("POST", "admin/api/drain?on=true", "guess").statusCode(), "nor actions");

        try (WsClient la = clients.lobby("adminA"); WsClient lb = clients.lobby("adminB");
             WsClient lc = clients.lobby("adminC")) {
            ItClients.Player a = clients.play(la, ItClients.createRoom("Watched by ops", 4));
            ItClients.Player b = clients.play(lb, ItClients.joinRoom(a.roomId()));
            b.game().next(dev.skirmish.games.arena.protocol.ServerFrame.Snapshot.class, s -> true, 5_000);
            JsonObject listed = room(state(), a.roomId());
            assertEquals(2, listed.getInt("seatsTaken"), listed.toString());
            assertTrue(listed.getJsonArray("players").stream().anyMatch(p -> p.asJsonObject().getString("nickname")
                    .equals("adminB") && p.asJsonObject().getBoolean("connected")), listed.toString());

            // drain: not ready, no new rooms, the running room plays on
            assertEquals(200, call("POST", "admin/api/drain?on=true", SECRET).statusCode());
            HttpResponse<String> draining = call("GET", "health/ready", null);
            assertEquals(503, draining.statusCode());
            assertTrue(draining.body().contains("draining"), draining.body());
            assertTrue(state().getBoolean("draining"));
            assertEquals("SHUTTING_DOWN", lc.request(ItClients.createRoom("Not now", 4)).getString("code"));
            b.game().next(dev.skirmish.games.arena.protocol.ServerFrame.Snapshot.class, s -> true, 5_000);
            assertEquals(200, call("POST", "admin/api/drain?on=false", SECRET).statusCode());
            assertEquals(200, call("GET", "health/ready", null).statusCode());

            // kick: the player's stream closes with 1008 and its seat is free
            String playerB = lb.welcome.getString("playerId");
            assertEquals(200, call("POST", "admin/api/kick?player=" + playerB, SECRET).statusCode());
            assertEquals(1008, b.game().awaitClose(5_000));
            assertEquals("removed by an operator", b.game().closeReason);
            assertEquals(404, call("POST", "admin/api/kick?player=nobody", SECRET).statusCode());
            assertTrue(a.game().isOpen(), "the other player plays on");

            // close a room: everyone in it gets 1001 with the reason, and it leaves the state
            assertEquals(200, call("POST", "admin/api/close?room=" + a.roomId(), SECRET).statusCode());
            assertEquals(1001, a.game().awaitClose(5_000));
            assertEquals("room closed by an operator", a.game().closeReason);
            long deadline = System.currentTimeMillis() + 5_000;
            while (room(state(), a.roomId()) != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(null, room(state(), a.roomId()), "the closed room is gone");
        }
        // the history: a sample every 5 s (the server has run for a while by now)
        long deadline = System.currentTimeMillis() + 8_000;
        JsonObject s = state();
        while (s.getJsonArray("history").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            s = state();
        }
        assertTrue(!s.getJsonArray("history").isEmpty(), "samples are kept");
        JsonObject last = s.getJsonArray("history").getJsonObject(s.getJsonArray("history").size() - 1);
        System.out.println("admin console: " + s.getJsonArray("history").size() + " samples, last " + last
                + ", recent closes " + s.getJsonObject("recentCloses"));
        assertTrue(last.getInt("connections") >= 0 && last.containsKey("tickP99Ms"), last.toString());
        HttpResponse<String> page = call("GET", "admin", null); // the page itself: a login form, no data
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    }
}
