package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmOptionsTest {

    @Test
    void optionsParseWithDefaults() {
        SwarmOptions o = SwarmOptions.parse("--url", "http://example.org:9000/game", "--bots", "500", "--rooms",
                "spread:20", "--max-p99-rtt-ms", "80");
        assertEquals("ws://example.org:9000/game/ws/lobby", o.ws("ws/lobby").toString());
        assertEquals(500, o.bots());
        assertEquals(20, o.spread());
        assertEquals(80, o.maxP99RttMs());
        assertEquals(60, o.inputHz());
        assertEquals(-1, o.maxErrors());
        assertEquals(0, o.inputsPerFrame(), "on change, like the browser");
        assertEquals(true, o.fire());
        SwarmOptions moving = SwarmOptions.parse("--fire", "false", "--inputs-per-frame", "4");
        assertEquals(false, moving.fire());
        assertEquals(4, moving.inputsPerFrame());
        assertEquals("wss://secure.example/ws/game/r1?ticket=t",
                SwarmOptions.parse("--url", "https://secure.example").ws("/ws/game/r1?ticket=t").toString());
    }

    @Test
    void badOptionsAreRefusedWithAReason() {
        for (List<String> bad : List.of(List.of("--bots", "0"), List.of("--rooms", "everywhere"), List.of("--nope", "1"),
                List.of("--bots"), List.of("--seconds", "0"), List.of("--inputs-per-frame", "5"),
                List.of("--inputs-per-frame", "-1"), List.of("--fire", "maybe"))) {
            assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse(bad.toArray(String[]::new)), bad.toString());
        }
    }

    @Test
    void benchmarkCommandLinesArePairsOrRefused() {
        assertEquals(Map.of("--bots", "300", "--warmup", "60"), Options.pairs("--bots", "300", "--warmup", "60"));
        assertEquals(null, Options.pairs("--bots", "300", "--warmup"), "a name without a value");
    }

    @Test
    void theJsonReaderReadsLobbyMessages() {
        Map<String, Object> m = Json.object("{\"type\":\"joined\",\"room\":{\"id\":\"ab12\",\"players\":[1,2.5,-3e2]},"
                + "\"gamePath\":\"ws/game/ab12?ticket=x\",\"private\":false,\"code\":null,\"name\":\"caf\\u00e9 \\\"x\\\"\"}");
        assertEquals("joined", m.get("type"));
        assertEquals(Map.of("id", "ab12", "players", List.of(1.0, 2.5, -300.0)), m.get("room"));
        assertEquals("café \"x\"", m.get("name"));
        assertEquals(null, m.get("code"));
        assertThrows(IllegalArgumentException.class, () -> Json.object("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> Json.object("[1] x"));
        assertEquals("\"\\u003cb\\u003e\\\"\"", Json.quote("<b>\""), "safe inside an HTML script element");
    }
}
