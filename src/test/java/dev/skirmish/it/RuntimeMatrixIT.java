package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.protocol.ServerFrame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same WAR on each runtime Skirmish supports, started as a plain process: Payara Micro 6 (Java 17), Payara
 * Micro 7 (Java 21 or newer, looked for under /usr/lib/jvm or given as {@code -Dskirmish.java21}) and GlassFish 7
 * embedded. On each: ready, lobby hello, quick play, snapshots arrive, and a bad frame gets its close code.
 * The runtimes' jars are copied to target/runtimes by the build (pre-integration-test).
 */
class RuntimeMatrixIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
        List<String> cmd = new ArrayList<>();
        switch (runtime) {
            case "payara-micro-6" -> cmd.addAll(List.of(java17, "-jar", System.getProperty("payara.microJar"),
                    "--deploy", war.toString(), "--contextroot", "/", "--port", Integer.toString(port), "--noHazelcast"));
            case "payara-micro-7" -> cmd.addAll(List.of(java21().toString(), "-jar",
                    runtimes.resolve("payara-micro-7.jar").toString(), "--deploy", war.toString(), "--contextroot", "/",
                    "--port", Integer.toString(port), "--noHazelcast"));
            default -> cmd.addAll(List.of(java17, "-jar", runtimes.resolve("glassfish-embedded-7.jar").toString(),
                    "--port=" + port, war.toString()));
        }
        Path log = Path.of("target", "runtime-" + runtime + ".log");
        long started = System.nanoTime();
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://localhost:" + port + "/");
            awaitReady(server, base, log);
            long readyMillis = (System.nanoTime() - started) / 1_000_000;
            ItClients clients = new ItClients(base.toURL());
            try (WsClient lobby = clients.lobby("matrix")) {
                assertEquals(dev.skirmish.protocol.Protocol.VERSION, lobby.welcome.getInt("protocol"));
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
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void awaitReady(Process server, URI base, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within 180 s (alive: " + server.isAlive() + "); see " + log + ":\n"
                + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
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
