package dev.skirmish.engine.lobby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The presence push: bounded per round, the rest in later rounds, always with the total. */
class PresenceDiffTest {

    private static JsonObject entry(int i, String status) {
        return Json.createObjectBuilder().add("playerId", "p" + i).add("nickname", "n" + i).add("status", status).build();
    }

    @Test
    void aCrowdArrivesOverSeveralBoundedPushesAndLeaversGoFirst() {
        int max = Presence.PUSH_MAX;
        Map<String, JsonObject> pushed = new LinkedHashMap<>();
        Map<String, JsonObject> now = new LinkedHashMap<>();
        for (int i = 0; i < max * 5 / 2; i++) {
            now.put("p" + i, entry(i, "lobby"));
        }
        JsonObject first = Presence.diff(pushed, now, true, 900);
        assertEquals(max, first.getJsonArray("updated").size());
        assertEquals(900, first.getInt("total"));
        assertEquals("p0", first.getJsonArray("updated").getJsonObject(0).getString("playerId"));
        JsonObject second = Presence.diff(pushed, now, false, 900);
        assertEquals("p" + max, second.getJsonArray("updated").getJsonObject(0).getString("playerId"));
        // between rounds: p0 leaves, p1 starts playing
        now.remove("p0");
        now.put("p1", entry(1, "playing"));
        JsonObject third = Presence.diff(pushed, now, true, 899);
        assertEquals(1, third.getJsonArray("left").size());
        assertEquals("p0", third.getJsonArray("left").getString(0));
        assertEquals("p1", third.getJsonArray("updated").getJsonObject(0).getString("playerId"));
        assertEquals(1 + 1 + max / 2, third.getJsonArray("updated").size() + third.getJsonArray("left").size());
        assertEquals(now, pushed, "after three rounds clients know everything");
        assertNull(Presence.diff(pushed, now, false, 899), "nothing changed: no push");
        JsonObject countOnly = Presence.diff(pushed, now, true, 950);
        assertEquals(0, countOnly.getJsonArray("updated").size());
        assertEquals(950, countOnly.getInt("total"), "players beyond the listed ones change the total only");
    }
}
