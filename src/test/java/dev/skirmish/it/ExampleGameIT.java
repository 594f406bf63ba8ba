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
            assertEquals("dev.skirmish.bots.BlindBots", r.getJsonObject("config").getString("pilot"), "played blind");
            playedByItsOwnPilot(project, example, server.url());
            playedInABrowser(server.url());
            replayedAndCheckedOffline(project, example, server.url());
        }
    }

    /**
     * The team's game has replays without writing any replay code: a tag match the bots played is kept, downloaded,
     * and the bots jar's offline check, with the example's classes on its class path, plays it to the same states.
     */
    private static void replayedAndCheckedOffline(Path project, Path example, String url) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = java.net.URI.create(url);
        String id = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40); // the bots' held seats run out first
        while (id == null && System.nanoTime() < deadline) {
            String list = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("replays")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (jakarta.json.JsonValue v : Json.createReader(new StringReader(list)).readObject().getJsonArray("replays")) {
                if (v.asJsonObject().getString("game").equals("tag")) {
                    id = v.asJsonObject().getString("id");
                }
            }
            Thread.sleep(500);
        }
        assertTrue(id != null, "a tag match was kept");
        Path file = project.resolve("target/replays/tag-" + id + ".skr");
        Files.createDirectories(file.getParent());
        Files.write(file, http.send(java.net.http.HttpRequest.newBuilder(base.resolve("replays/" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body());
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                project.resolve("target/skirmish-bots.jar") + java.io.File.pathSeparator + example.resolve("target/classes"),
                "dev.skirmish.tools.CheckReplay", file.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        System.out.print("example game's replay: " + out);
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains(": SAME, tag "), out);
    }

    /**
     * The example's own bot pilot ({@code TagBots}, a {@code BotPilot} in its classes): the swarm jar finds it on its
     * class path and plays tag knowingly, decoding the dots' entity deltas without a decode error.
     */
    private static void playedByItsOwnPilot(Path project, Path example, String url) throws Exception {
        Path report = project.resolve("target/swarm/it-example-pilot");
        Path log = project.resolve("target/example-pilot.log");
        Process swarm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                project.resolve("target/skirmish-bots.jar") + java.io.File.pathSeparator + example.resolve("target/classes"),
                "dev.skirmish.bots.Swarm", "--url", url, "--bots", "3", "--ramp", "1", "--warmup", "1", "--seconds", "5",
                "--game", "tag", "--rooms", "spread:1", "--room-capacity", "3", "--input-hz", "20", "--report",
                report.toString(), "--max-errors", "0").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(swarm.waitFor(120, TimeUnit.SECONDS), "the swarm finished; see " + log);
        JsonObject r = Json.createReader(new StringReader(Files.readString(report.resolveSibling("it-example-pilot.json"))))
                .readObject();
        System.out.println("example game, its own pilot: " + Files.readString(log).lines()
                .filter(l -> l.startsWith("swarm:")).reduce((a, b) -> b).orElse(""));
        assertEquals("com.example.tag.TagBots", r.getJsonObject("config").getString("pilot"), "the team's pilot");
        assertEquals(3, r.getJsonObject("bots").getInt("joined"));
        assertEquals(0, r.getInt("errors"), "no decode error: " + Files.readString(log));
        assertEquals(0, swarm.exitValue(), Files.readString(log));
    }

    /**
     * A real Chromium plays the example from its page: quick play puts it in a tag room, its dot is in the snapshots
     * the page decodes with the SDK's entity deltas, and an arrow key moves it.
     */
    @SuppressWarnings("unchecked")
    private static void playedInABrowser(String url) throws Exception {
        org.openqa.selenium.WebDriver d = BrowserScenarios.browser("example-tag");
        try {
            BrowserScenarios.load(d, url);
            BrowserScenarios.await(d, "the lobby", s -> "lobby".equals(s.get("screen")));
            BrowserScenarios.type(d, "nickname", "Tagger");
            d.findElement(org.openqa.selenium.By.id("quick-play")).click();
            // the page's state has the session's own debugState() as "session": tag's {game, selfId, tick, dots}
            java.util.function.Function<java.util.Map<String, Object>, java.util.Map<String, Object>> self = s -> {
                java.util.Map<String, Object> tag = (java.util.Map<String, Object>) s.get("session");
                if (tag == null || tag.get("selfId") == null) {
                    return null;
                }
                return ((List<java.util.Map<String, Object>>) tag.get("dots")).stream().filter(x ->
                        ((Number) x.get("id")).longValue() == ((Number) tag.get("selfId")).longValue())
                        .findFirst().orElse(null);
            };
            java.util.Map<String, Object> in = BrowserScenarios.await(d, "the page's dot in its snapshots",
                    s -> "tag".equals(s.get("game")) && self.apply(s) != null);
            double x0 = ((Number) self.apply(in).get("x")).doubleValue();
            int way = x0 < 300 ? 1 : -1; // towards the far side of the 600-unit field
            org.openqa.selenium.Keys arrow = way > 0 ? org.openqa.selenium.Keys.ARROW_RIGHT : org.openqa.selenium.Keys.ARROW_LEFT;
            new org.openqa.selenium.interactions.Actions(d).keyDown(arrow).perform();
            java.util.Map<String, Object> moved = BrowserScenarios.await(d, "the dot moved with the arrow key",
                    s -> self.apply(s) != null && (((Number) self.apply(s).get("x")).doubleValue() - x0) * way > 30);
            new org.openqa.selenium.interactions.Actions(d).keyUp(arrow).perform();
            System.out.println("example game in Chromium: dot " + in.get("selfId") + " moved from x " + x0 + " to "
                    + self.apply(moved).get("x"));
        } finally {
            d.quit();
        }
    }
}
