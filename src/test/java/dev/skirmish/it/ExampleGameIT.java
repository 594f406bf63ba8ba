package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.Swarm;
import dev.skirmish.bots.SwarmReport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A team's own game without forking (docs/games.md): the example in {@code src/example/tag} is built as a separate
 * Maven project against {@code target/skirmish-engine.jar} and {@code target/skirmish-sdk/}, its WAR deployed on
 * Payara Micro, and played by the swarm, which does not know the game (its blind bots).
 */
class ExampleGameIT {
    @Test
    void aTeamsOwnGameBuildsAgainstTheEngineJarDeploysAndIsPlayedByBots() throws Exception {
        Path project = Path.of(System.getProperty("skirmish.projectDir", ".")).toAbsolutePath();
        Path example = project.resolve("src/example/tag");
        Path buildLog = project.resolve("target/example-build.log");
        Process build = new ProcessBuilder(project.resolve("mvnw").toString(), "--batch-mode", "--no-transfer-progress",
                "-q", "-f", example.resolve("pom.xml").toString(), "clean", "package",
                "-Dskirmish.home=" + project).redirectErrorStream(true).redirectOutput(buildLog.toFile()).start();
        assertTrue(build.waitFor(10, TimeUnit.MINUTES), "the example's build finished");
        assertEquals(0, build.exitValue(), "the example builds: " + Files.readString(buildLog));
        Path war = example.resolve("target/tag.war");
        assertTrue(Files.size(war) > 0);
        try (var zip = new java.util.zip.ZipFile(war.toFile())) {
            assertTrue(zip.getEntry("WEB-INF/lib/skirmish-engine.jar") != null, "the engine is a library of the WAR");
            assertTrue(zip.getEntry("js/engine/wire.js") != null && zip.getEntry("index.html") != null, "with the SDK");
            assertTrue(zip.getEntry("WEB-INF/classes/dev/skirmish/games/arena/ArenaGame.class") == null
                    && zip.getEntry("js/games/arena/game.js") == null, "and none of Skirmish's games");
        }

        int port = 18934;
        String javaHome = System.getProperty("java.home");
        try (dev.skirmish.bots.LocalServer server = dev.skirmish.bots.LocalServer.start(
                project.resolve("target/example-server.log"), port,
                dev.skirmish.bots.LocalServer.payaraCommand(javaHome, List.of(), System.getProperty("payara.microJar"),
                        war.toString(), port), javaHome, "Skirmish started", "metrics", Duration.ofSeconds(180))) {
            String log = Files.readString(project.resolve("target/example-server.log"));
            assertTrue(log.contains("game tag"), "the server runs the team's game");
            SwarmReport report = Swarm.run("--url", server.url(), "--bots", "6", "--ramp", "1", "--warmup", "2",
                    "--seconds", "6", "--game", "tag", "--rooms", "spread:2", "--room-capacity", "3", "--input-hz", "20",
                    "--report", project.resolve("target/swarm/it-example").toString(), "--max-errors", "0");
            System.out.println("example game: " + report.summaryLine());
            JsonObject r = Json.createReader(new StringReader(Files.readString(report.jsonPath()))).readObject();
            assertEquals(6, r.getJsonObject("bots").getInt("joined"), "every bot joined a tag room: " + report.summaryLine()
                    + ", closes " + r.getJsonObject("closes"));
            double perBot = r.getJsonObject("snapshots").getJsonNumber("perBotPerSecond").doubleValue();
            assertTrue(Math.abs(perBot - 20) <= 2, "the game's 20 snapshots/s: " + perBot);
            assertTrue(r.getJsonObject("inputRoundTripMs").getInt("count") > 6 * 6 * 5, "inputs acknowledged");
            assertTrue(report.allOk());
        }
    }
}
