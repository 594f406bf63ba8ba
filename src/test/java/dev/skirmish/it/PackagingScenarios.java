package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * What the build ships: the WAR holds the server only (no bot, benchmark or tool class, no load-test library),
 * and target/skirmish-bots.jar runs the bot swarm on its own against the real server.
 */
final class PackagingScenarios {
    private final URL base;

    PackagingScenarios(URL base) {
        this.base = base;
    }

    void theWarHoldsTheServerOnlyAndTheBotsJarRunsASwarm() throws Exception {
        Path war = Path.of(System.getProperty("skirmish.war", "target/skirmish.war"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.contains("WEB-INF/classes/dev/skirmish/engine/web/GameEndpoint.class"), "the server is there");
            for (String n : names) {
                assertFalse(n.startsWith("WEB-INF/classes/dev/skirmish/bots/")
                        || n.startsWith("WEB-INF/classes/dev/skirmish/tools/")
                        || n.matches("WEB-INF/classes/dev/skirmish/games/[a-z]+/bot/.*") || n.endsWith("spi.BotPilot")
                        || n.toLowerCase(java.util.Locale.ROOT).contains("hdrhistogram"), "in the WAR: " + n);
            }
        }
        Path jar = war.resolveSibling("skirmish-bots.jar");
        assertTrue(Files.isRegularFile(jar), "the bots jar is built: " + jar);
        Path log = war.resolveSibling("bots-jar.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--url", base.toString(), "--bots", "4", "--ramp", "1", "--warmup", "0", "--seconds",
                "5", "--report", war.resolveSibling("swarm/bots-jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the swarm finished; see " + log);
        String out = Files.readString(log);
        System.out.println("bots jar: " + out.lines().filter(l -> l.startsWith("swarm:")).reduce((a, b) -> b).orElse(""));
        // exit 0: every check met, 2: a check missed on this busy machine; anything else is a failure to run
        assertTrue(p.exitValue() == 0 || p.exitValue() == 2, "exit " + p.exitValue() + "; see " + log);
        assertTrue(out.contains("4 of 4 bots joined"), out);
    }
}
