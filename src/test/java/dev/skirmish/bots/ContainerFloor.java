package dev.skirmish.bots;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import dev.skirmish.engine.web.FloorEndpoint;

/**
 * What the container alone costs for Skirmish's frame pattern: a WAR with nothing but {@link FloorEndpoint} on
 * Payara Micro pinned to one core, and N JDK WebSocket clients (this process, meant for the other core) that send
 * 22-byte binary frames (an INPUTS frame with two inputs) at {@code --frame-hz}. With {@code --bypass true} (the
 * default) the endpoint installs Skirmish's idle-timer bypass on each session, as the game endpoint does. With
 * {@code --pattern spread} (the default) each connection sends at its own phase of the period, as independent
 * browsers do; with {@code burst} all of them send at the same moment. Three phases on the same server,
 * each measured over {@code --seconds} after {@code --warmup}: connections open and silent; the clients sending;
 * the clients sending and the endpoint sending each a 32-byte frame at {@code --send-hz} (a snapshot). It prints
 * the server's CPU per player-second in each, and the derived cost per frame read and per frame sent.
 *
 * <pre>
 * mvn -q -o test-compile -Dskip.js.tests=true &amp;&amp; mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * taskset -c 1 java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) dev.skirmish.bots.ContainerFloor \
 *     [--players 300] [--frame-hz 30] [--send-hz 30] [--warmup 60] [--seconds 30] [--bypass true] [--pattern spread|burst] [--java JAVA_HOME]
 *     [--micro-jar target/payara-micro.jar | --glassfish-jar target/runtimes/glassfish-embedded-7.jar
 *      | --server-command "env AS_JAVA=JDK21+ glassfish8/glassfish/bin/startserv" (floor.war already deployed at /)]
 * </pre>
 * Results go to {@code target/floor/} (the WAR, the server log).
 */
public final class ContainerFloor {
    private static final byte[] INPUTS = new byte[22];

    private ContainerFloor() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.pairs(args);
        if (o == null) {
            System.err.println("usage: ContainerFloor [--players 300] [--frame-hz 30] [--send-hz 30] [--warmup 60]"
                    + " [--seconds 30] [--java JAVA_HOME] [--micro-jar target/payara-micro.jar] [--port 8191]");
            System.exit(2);
        }
        int players = Integer.parseInt(o.getOrDefault("--players", "300"));
        int frameHz = Integer.parseInt(o.getOrDefault("--frame-hz", "30"));
        int sendHz = Integer.parseInt(o.getOrDefault("--send-hz", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("--warmup", "60"));
        int seconds = Integer.parseInt(o.getOrDefault("--seconds", "30"));
        int port = Integer.parseInt(o.getOrDefault("--port", "8191"));
        boolean bypass = Boolean.parseBoolean(o.getOrDefault("--bypass", "true"));
        boolean burst = "burst".equals(o.getOrDefault("--pattern", "spread"));
        Path out = Path.of("target", "floor");
        Files.createDirectories(out);
        Path war = out.resolve("floor.war");
        writeWar(war);
        String javaHome = o.getOrDefault("--java", System.getProperty("java.home"));
        String runtime = o.containsKey("--server-command") ? o.get("--server-command")
                : o.containsKey("--glassfish-jar") ? o.get("--glassfish-jar")
                : o.getOrDefault("--micro-jar", "target/payara-micro.jar");
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0"));
        if (o.containsKey("--server-command")) {
            // a server that already has floor.war deployed at / on --port (e.g. a GlassFish domain), started in the
            // foreground with this command; it is pinned to core 0 like the others
            command.addAll(List.of(o.get("--server-command").trim().split("\\s+")));
        }
        try (LocalServer server = o.containsKey("--server-command")
                ? LocalServer.start(out.resolve("server.log"), port, command, javaHome, null, "", Duration.ofSeconds(240))
                : o.containsKey("--glassfish-jar")
                ? LocalServer.start(out.resolve("server.log"), port, List.of("taskset", "-c", "0",
                        Path.of(javaHome, "bin", "java").toString(), "-Xmx2g", "-jar", o.get("--glassfish-jar"),
                        "--port=" + port, war.toString()), javaHome, null, "", Duration.ofSeconds(180))
                : LocalServer.start(out.resolve("server.log"), port, "0", javaHome, List.of("-Xmx2g"),
                        o.getOrDefault("--micro-jar", "target/payara-micro.jar"), war.toString(), "ready in", "")) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            awaitEndpoint(http, port);
            Thread.sleep(5000);
            Phase quiet = new Phase(http, port, players, 0, bypass);
            double idle = quiet.measure(server, 0, burst, 10, seconds, "open, silent");
            double read = quiet.measure(server, frameHz, burst, warmup, seconds, "reading " + frameHz + " frames/s each");
            quiet.close();
            Phase full = new Phase(http, port, players, sendHz, bypass);
            double both = full.measure(server, frameHz, burst, Math.max(20, warmup / 2), seconds,
                    "reading " + frameHz + " and sending " + sendHz + " frames/s each");
            full.close();
            System.out.printf(Locale.ROOT, "FLOOR %d players, %s arrivals, container %s, idle-timer bypass %s: idle %.3f, +reads %.3f, +sends %.3f ms per"
                            + " player-second; %.1f us per frame read, %.1f us per frame sent%n", players,
                    burst ? "burst" : "spread",
                    runtime, bypass, idle, read, both,
                    (read - idle) * 1000 / frameHz, (both - read) * 1000 / sendHz);
        }
    }

    /**
     * Waits until a WebSocket handshake to the floor endpoint succeeds (at most 60 s): a runtime may serve the WAR's
     * page before its endpoints are registered (GlassFish 8 answered the first handshakes with HTTP 500 once).
     */
    private static void awaitEndpoint(HttpClient http, int port) throws Exception {
        URI uri = URI.create("ws://localhost:" + port + "/floor?sendHz=0&bypass=1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                WsConnection.open(http, uri, new Counter(new LongAdder(), new java.util.concurrent.ConcurrentLinkedQueue<>()))
                        .close();
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println("the floor endpoint is not ready yet: " + e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    /** Writes a WAR with the floor endpoint's class and an index page (the readiness probe). */
    private static void writeWar(Path war) throws Exception {
        try (var zip = new ZipOutputStream(Files.newOutputStream(war))) {
            for (String c : List.of("FloorEndpoint", "IdleTimerBypass", "IdleTimerBypass$Filter", "IdleTimerBypass$Skipped")) {
                String name = FloorEndpoint.class.getPackageName().replace('.', '/') + "/" + c + ".class";
                try (var in = ContainerFloor.class.getClassLoader().getResourceAsStream(name)) {
                    zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + name));
                    in.transferTo(zip);
                }
            }
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<!doctype html><title>floor</title>".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** N connections to the floor endpoint, sending on a schedule spread over the period. */
    private static final class Phase {
        private final List<WsConnection> sockets = new ArrayList<>();
        private final LongAdder received = new LongAdder();
        private final LongAdder sent = new LongAdder();
        private final java.util.Queue<Long> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);

        Phase(HttpClient http, int port, int n, int sendHz, boolean bypass) throws Exception {
            URI uri = URI.create("ws://localhost:" + port + "/floor?sendHz=" + sendHz + "&bypass=" + (bypass ? 1 : 0));
            List<CompletableFuture<WsConnection>> opening = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                opening.add(WsConnection.openAsync(http, uri, new Counter(received, answers)));
                if (opening.size() % 50 == 0) {
                    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<WsConnection> f : opening) {
                sockets.add(f.get(60, TimeUnit.SECONDS));
            }
        }

        /** Sends at {@code hz} per connection, waits, then measures; returns server ms per player-second. */
        double measure(LocalServer server, int hz, boolean burst, int warmup, int seconds, String what)
                throws Exception {
            List<ScheduledFuture<?>> tasks = new ArrayList<>();
            if (hz > 0) {
                long period = 1_000_000L / hz;
                List<Runnable> senders = new ArrayList<>();
                for (WsConnection ws : sockets) {
                    CompletableFuture<?>[] last = {CompletableFuture.completedFuture(null)};
                    senders.add(() -> {
                        if (last[0].isDone() && !ws.isOutputClosed()) { // one frame in flight, like the bots
                            last[0] = ws.sendBinary(INPUTS);
                            sent.increment();
                        }
                    });
                }
                if (burst) { // every connection's frame at the same moment of each period
                    tasks.add(clock.scheduleAtFixedRate(() -> senders.forEach(Runnable::run), 0, period,
                            TimeUnit.MICROSECONDS));
                } else { // each connection at its own phase of the period, as independent browsers send
                    for (int i = 0; i < senders.size(); i++) {
                        tasks.add(clock.scheduleAtFixedRate(senders.get(i), period * i / senders.size(), period,
                                TimeUnit.MICROSECONDS));
                    }
                }
            }
            Thread.sleep(warmup * 1000L);
            long read0 = readByServer();
            double cpu0 = server.cpuSeconds();
            long sent0 = sent.sum();
            long recv0 = received.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double cpu = server.cpuSeconds() - cpu0;
            double wall = (System.nanoTime() - t0) / 1e9;
            long sent1 = sent.sum();
            long recv1 = received.sum();
            long read = readByServer() - read0;
            tasks.forEach(t -> t.cancel(false));
            double perPlayerSecond = cpu * 1000 / (sockets.size() * wall);
            long open = sockets.stream().filter(WsConnection::isOpen).count();
            System.out.printf(Locale.ROOT, "  %-45s server %.1f%% of a core, %.3f ms per player-second; %.1f frames/s"
                            + " sent (%.1f read by the endpoint) and %.1f received per connection; %d of %d open%n",
                    what, cpu * 100 / wall, perPlayerSecond, (sent1 - sent0) / wall / sockets.size(),
                    read / wall / sockets.size(),
                    (recv1 - recv0) / wall / sockets.size(), open, sockets.size());
            Thread.sleep(2000);
            return perPlayerSecond;
        }

        /** The frames the endpoint has read on all connections, as it answers a text frame on each. */
        long readByServer() throws Exception {
            answers.clear();
            for (WsConnection ws : sockets) {
                ws.sendText("?");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (answers.size() < sockets.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return answers.stream().mapToLong(Long::longValue).sum();
        }

        void close() {
            clock.shutdownNow();
            sockets.forEach(WsConnection::abort);
        }
    }

    private static final class Counter implements WsConnection.Handler {
        private final LongAdder received;
        private final java.util.Queue<Long> answers;

        Counter(LongAdder received, java.util.Queue<Long> answers) {
            this.received = received;
            this.answers = answers;
        }

        @Override
        public void text(String message) {
            answers.add(Long.parseLong(message));
        }

        @Override
        public void binary(byte[] message) {
            received.increment();
        }
    }
}
