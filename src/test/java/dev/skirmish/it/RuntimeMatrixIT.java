package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.LocalServer;
import dev.skirmish.games.arena.protocol.ServerFrame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same WAR on each runtime Skirmish supports, started as a plain process: Payara Micro 6 (Java 17), Payara
 * Micro 7 (Java 21 or newer, looked for under /usr/lib/jvm or given as {@code -Dskirmish.java21}), GlassFish 7
 * embedded, and a GlassFish 8 domain (Java 21 or newer). On each: ready, lobby hello, quick play, snapshots arrive,
 * and a bad frame gets its close code. The runtimes are copied (and GlassFish 8 unpacked) to target/runtimes by the
 * build (pre-integration-test).
 */
class RuntimeMatrixIT {
    @ParameterizedTest
    @ValueSource(strings = {"payara-micro-6", "payara-micro-7", "glassfish-7"})
    void theWarDeploysAndPlays(String runtime) throws Exception {
        Path war = Path.of(System.getProperty("skirmish.war"));
        Path runtimes = Path.of(System.getProperty("skirmish.runtimes", "target/runtimes"));
        int port = switch (runtime) {
            case "payara-micro-6" -> 18941;
            case "payara-micro-7" -> 18942;
            default -> 18943;
        };
        String java17 = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String javaHome = System.getProperty("java.home");
        List<String> cmd = switch (runtime) {
            case "payara-micro-6" -> LocalServer.payaraCommand(javaHome, List.of(), System.getProperty("payara.microJar"),
                    war.toString(), port);
            case "payara-micro-7" -> {
                javaHome = java21().getParent().getParent().toString();
                yield LocalServer.payaraCommand(javaHome, List.of(), runtimes.resolve("payara-micro-7.jar").toString(),
                        war.toString(), port);
            }
            default -> List.of(java17, "-jar", runtimes.resolve("glassfish-embedded-7.jar").toString(),
                    "--port=" + port, war.toString());
        };
        Path log = Path.of("target", "runtime-" + runtime + ".log");
        long started = System.nanoTime();
        try (LocalServer server = LocalServer.start(log, port, cmd, javaHome, null, "health/ready",
                Duration.ofSeconds(180))) {
            playOn(runtime, URI.create(server.url()), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * GlassFish 8 (Java 21 or newer): no embedded jar of 8 is published, so the build unpacks the full distribution
     * and this test deploys the WAR as an operator would: a new domain (ports from 18900: HTTP 18980, admin 18948),
     * {@code asadmin start-domain}, {@code asadmin deploy --contextroot /}, and {@code stop-domain} at the end.
     */
    @Test
    void theWarDeploysAndPlaysOnAGlassFish8Domain() throws Exception {
        Path war = Path.of(System.getProperty("skirmish.war")).toAbsolutePath();
        Path runtimes = Path.of(System.getProperty("skirmish.runtimes", "target/runtimes"));
        Path glassfish = runtimes.resolve("glassfish-8/glassfish8/glassfish").toAbsolutePath();
        Path domains = Path.of("target", "glassfish-8-domains").toAbsolutePath();
        deleteTree(domains);
        String javaHome = java21().getParent().getParent().toString();
        Path log = Path.of("target", "runtime-glassfish-8.log");
        Files.deleteIfExists(log);
        asadmin(glassfish, javaHome, log, "create-domain", "--domaindir", domains.toString(), "--portbase", "18900",
                "--nopassword=true", "it");
        long started = System.nanoTime();
        try {
            asadmin(glassfish, javaHome, log, "start-domain", "--domaindir", domains.toString(), "it");
            asadmin(glassfish, javaHome, log, "--port", "18948", "deploy", "--contextroot", "/", "--name",
                    "skirmish", war.toString());
            URI base = URI.create("http://localhost:18980/");
            awaitReady(base, Duration.ofSeconds(180));
            playOn("glassfish-8", base, (System.nanoTime() - started) / 1_000_000);
        } finally {
            asadmin(glassfish, javaHome, log, "stop-domain", "--domaindir", domains.toString(), "--kill=true", "it");
        }
    }

    /** Ready, lobby hello, quick play, snapshots arrive, and a bad frame gets its close code. */
    private static void playOn(String runtime, URI base, long readyMillis) throws Exception {
        ItClients clients = new ItClients(base.toURL());
        try (WsClient lobby = clients.lobby("matrix")) {
            assertEquals(dev.skirmish.engine.spi.wire.Protocol.VERSION, lobby.welcome.getInt("protocol"));
            ItClients.Player p = clients.play(lobby, "{\"type\":\"quickPlay\"}");
            ServerFrame.Snapshot s = p.game().next(ServerFrame.Snapshot.class, x -> true, 10_000);
            assertNotNull(s);
            int snapshots = 1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < until) {
                p.game().next(ServerFrame.Snapshot.class, x -> true, 2_000);
                snapshots++;
            }
            p.game().sendBinary(new byte[]{0x7f});
            assertEquals(1003, p.game().awaitClose(5_000), "a bad frame gets its code on " + runtime);
            System.out.printf("runtime %s: ready in %d ms, %d snapshots in the next second, bad frame -> 1003%n",
                    runtime, readyMillis, snapshots);
            assertTrue(snapshots >= 20, snapshots + " snapshots in a second on " + runtime);
        }
    }

    /** Runs GlassFish's asadmin (through bash: the unpacked scripts may have lost their executable bit). */
    private static void asadmin(Path glassfish, String javaHome, Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", glassfish.resolve("bin/asadmin").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("AS_JAVA", javaHome);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("asadmin " + args[0] + " did not finish within 180 s; see " + log);
        }
        assertEquals(0, p.exitValue(), "asadmin " + String.join(" ", args) + "; see " + log);
    }

    /** Waits until {@code health/ready} answers Skirmish's own ready (after the warm-up). */
    private static void awaitReady(URI base, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (LocalServer.ready("health/ready", r.statusCode() == 200 ? r.body() : null)) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + timeout.toSeconds() + " s: " + last);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A Java 21 or newer for Payara Micro 7: -Dskirmish.java21, else the newest JDK under /usr/lib/jvm. */
    private static Path java21() throws IOException {
        String given = System.getProperty("skirmish.java21");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Optional<Path> found;
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            found = jdks.filter(d -> featureVersion(d) >= 21)
                    .max(java.util.Comparator.comparingInt(RuntimeMatrixIT::featureVersion))
                    .map(d -> d.resolve("bin/java"));
        }
        return found.filter(Files::isExecutable).orElseThrow(() -> new AssertionError(
                "Payara Micro 7 needs Java 21 or newer: none under /usr/lib/jvm (set -Dskirmish.java21=/path/to/java)"));
    }

    /** The JDK's feature version from its release file, 0 if unknown. */
    private static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK
        }
        return 0;
    }
}
