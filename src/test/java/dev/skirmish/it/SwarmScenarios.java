package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.Swarm;
import dev.skirmish.bots.SwarmReport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;

/** The bot swarm itself, against the deployed server: 20 bots through the lobby into play, and its report. */
final class SwarmScenarios {
    private final URL base;

    SwarmScenarios(URL base) {
        this.base = base;
    }

    void twentyBotsJoinPlayAndReport() throws Exception {
        SwarmReport report = Swarm.run("--url", base.toString(), "--bots", "20", "--ramp", "2", "--warmup", "2",
                "--seconds", "6", "--report", "target/swarm/it-report", "--max-errors", "0");
        System.out.println(report.summaryLine());
        JsonObject r = Json.createReader(new StringReader(Files.readString(report.jsonPath()))).readObject();
        assertEquals(20, r.getJsonObject("bots").getInt("joined"), "every bot joined");
        assertEquals(0, r.getJsonObject("bots").getInt("failedToJoin"));
        int rate = r.getInt("snapshotRateHz");
        double perBot = r.getJsonObject("snapshots").getJsonNumber("perBotPerSecond").doubleValue();
        assertTrue(Math.abs(perBot - rate) <= rate * 0.10, perBot + " snapshots/s per bot, configured " + rate);
        assertTrue(r.getJsonObject("inputRoundTripMs").getInt("count") > 20 * 6 * 30,
                "the bots saw their inputs acknowledged: " + r.getJsonObject("inputRoundTripMs"));
        assertTrue(r.getJsonArray("timeline").size() >= 8, "a timeline entry a second");
        assertTrue(r.getJsonObject("server").getJsonNumber("ticks").doubleValue() > 60 * 5,
                "the server's tick figures came from its /metrics endpoint: " + r.get("server"));
        assertTrue(r.getJsonArray("checks").getJsonObject(0).getBoolean("ok"));
        String html = Files.readString(report.htmlPath());
        assertTrue(html.startsWith("<!doctype html>") && html.contains("<svg") && html.endsWith("</html>\n"),
                "a self-contained HTML report");
        assertTrue(report.allOk());
    }

    /** The swarm plays the second game: eight light-cycle bots in two rooms, turning (their turns acknowledged). */
    void eightBotsRideLightCycles() throws Exception {
        SwarmReport report = Swarm.run("--url", base.toString(), "--bots", "8", "--ramp", "1", "--warmup", "2",
                "--seconds", "8", "--game", "cycles", "--rooms", "spread:2", "--room-capacity", "4", "--input-hz", "20",
                "--report", "target/swarm/it-cycles", "--max-errors", "0");
        System.out.println("light cycles: " + report.summaryLine());
        JsonObject r = Json.createReader(new StringReader(Files.readString(report.jsonPath()))).readObject();
        assertEquals(8, r.getJsonObject("bots").getInt("joined"), "every bot joined");
        assertEquals(20, r.getInt("snapshotRateHz"), "the game's own rate");
        double perBot = r.getJsonObject("snapshots").getJsonNumber("perBotPerSecond").doubleValue();
        assertTrue(Math.abs(perBot - 20) <= 2, perBot + " snapshots/s per bot");
        assertTrue(r.getJsonObject("inputs").getInt("sent") > 8, "the bots turned: " + r.getJsonObject("inputs"));
        assertTrue(r.getJsonObject("inputRoundTripMs").getInt("count") > 8, "and their turns were acknowledged");
        assertTrue(report.allOk());
    }
}
