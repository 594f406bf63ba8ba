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
import java.util.concurrent.TimeUnit;

/**
 * The capacity benchmark of docs/benchmarks.md. For each bot count it starts a fresh server (Payara Micro with
 * the WAR) pinned to one core with {@code taskset}, runs a {@link Swarm} in this JVM (start this JVM pinned to
 * another core), and prints one line: the server's p99 tick time against 25% of the tick period, snapshots on
 * time, server CPU and CPU per bot. With {@code --idle N} it also measures the server's resident memory per
 * idle lobby connection: RSS before and after N connections have said hello, divided by N.
 *
 * <pre>taskset -c 1 java -cp CP dev.skirmish.bots.Capacity --bots 100,200,300 [--seconds 30] [--warmup 20]
 *     [--input-hz 60] [--inputs-per-frame 0] [--fire true] [--ready metrics|health/ready] [--idle 1000 [--heap-dump FILE]] [--server-cpu 0] [--tick-threads 1] [--port 8181]
 *     [--server-opts "-XX:+UseZGC"] [--java JAVA_HOME] [--micro-jar target/payara-micro.jar] [--war target/skirmish.war]
 *     [--glassfish-jar target/runtimes/glassfish-embedded-7.jar (GlassFish 7 embedded instead of Payara Micro)]
 *     [--out target/capacity]</pre>
 */
public final class Capacity {
    private static final double TICK_BUDGET = 0.25;
    private static final double ON_TIME_GOAL = 0.999;

    private final Map<String, String> opts;
    private final Path out;
    private final int port;

    Capacity(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.getOrDefault("--out", "target/capacity"));
        this.port = Integer.parseInt(opts.getOrDefault("--port", "8181"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.pairs(args);
        if (opts == null || (!opts.containsKey("--bots") && !opts.containsKey("--idle"))) {
            System.err.println("usage: Capacity --bots N[,N...] [--idle N [--heap-dump FILE]] [--seconds 30] [--warmup 20] [--input-hz 60]"
                    + " [--rooms-of 32] [--inputs-per-frame 0] [--fire true|false] [--ready metrics|health/ready] [--server-cpu 0] [--tick-threads 1] [--port 8181]"
                    + " [--server-opts \"...\"] [--java JAVA_HOME] [--micro-jar PATH | --glassfish-jar PATH] [--war PATH]"
                    + " [--out DIR]");
            System.exit(1);
        }
        new Capacity(opts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        List<String> rows = new ArrayList<>();
        if (opts.containsKey("--idle")) {
            rows.add(idle(Integer.parseInt(opts.get("--idle"))));
            System.out.println("capacity: " + rows.get(0));
        }
        if (opts.containsKey("--bots")) {
            for (String n : opts.get("--bots").split(",")) {
                rows.add(step(Integer.parseInt(n.trim())));
                System.out.println("capacity: " + rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        System.out.println("capacity results (server on core " + opts.getOrDefault("--server-cpu", "0") + ")");
        rows.forEach(System.out::println);
    }

    /** One bot count against a fresh server; returns the result line. */
    private String step(int bots) throws Exception {
        return line(bots, play(bots));
    }

    /** Runs the swarm with {@code bots} bots against a fresh server and returns its report (REPORT.json). */
    Map<String, Object> play(int bots) throws Exception {
        LocalServer server = startServer("bots-" + bots);
        try {
            int roomSize = Integer.parseInt(opts.getOrDefault("--rooms-of", "32"));
            int rooms = (bots + roomSize - 1) / roomSize;
            Path report = out.resolve("swarm-" + bots);
            Swarm.run("--url", "http://localhost:" + port + "/", "--bots", Integer.toString(bots),
                    "--ramp", Double.toString(Math.max(5, bots / 40.0)),
                    "--warmup", opts.getOrDefault("--warmup", "20"), "--seconds", opts.getOrDefault("--seconds", "30"),
                    "--rooms", "spread:" + rooms, "--room-capacity", Integer.toString(roomSize),
                    "--input-hz", opts.getOrDefault("--input-hz", "60"), "--fire", opts.getOrDefault("--fire", "true"),
                    "--inputs-per-frame", opts.getOrDefault("--inputs-per-frame", "0"),
                    "--report", report.toString());
            return Json.object(Files.readString(Path.of(report + ".json")));
        } finally {
            server.close();
        }
    }

    @SuppressWarnings("unchecked")
    static String line(int bots, Map<String, Object> r) {
        Map<String, Object> b = (Map<String, Object>) r.get("bots");
        Map<String, Object> s = (Map<String, Object>) r.get("snapshots");
        Map<String, Object> server = (Map<String, Object>) r.get("server");
        Map<String, Object> rtt = (Map<String, Object>) r.get("inputRoundTripMs");
        double joined = num(b.get("joined"));
        double onTime = num(s.get("onTimeFraction"));
        double errors = num(r.get("errors")) + num(b.get("failedToJoin"));
        double tickP99 = server == null ? Double.NaN : num(server.get("tickP99Ms"));
        double rate = 60; // the default simulation rate; the budget is a quarter of its period
        double budget = TICK_BUDGET * 1000 / rate;
        double cores = server == null ? Double.NaN : num(server.get("cpuCores"));
        boolean ok = joined == bots && errors == 0 && onTime >= ON_TIME_GOAL && tickP99 <= budget;
        return String.format(Locale.ROOT, "%-6s bots %5d  joined %5.0f  on time %7.3f%%  tick p99 <= %5.2f ms (budget %.2f)"
                        + "  overruns %4.0f  rtt p99 %6.1f ms  server CPU %.2f cores = %.2f ms/s per bot (%.0f bots/core)"
                        + "  snapshot interval deviation p99 <= %.2f ms  gc %.0f (%.3f s, max %.1f ms)  swarm CPU %.2f cores",
                ok ? "PASS" : "FAIL", bots, joined, onTime * 100, tickP99, budget,
                server == null ? Double.NaN : num(server.get("overruns")), num(rtt.get("p99")), cores,
                cores * 1000 / bots, bots / cores,
                server == null ? Double.NaN : num(server.get("snapshotIntervalDeviationP99Ms")),
                server == null ? Double.NaN : num(server.get("gcCollections")),
                server == null ? Double.NaN : num(server.get("gcSeconds")),
                server == null ? Double.NaN : num(server.get("gcPauseMaxMsSinceStart")), num(r.get("swarmCpuCores")));
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Resident memory per idle lobby connection. */
    private String idle(int n) throws Exception {
        LocalServer server = startServer("idle-" + n);
        List<WsConnection> sockets = new ArrayList<>();
        try {
            Thread.sleep(5000); // let the start-up settle
            long heapBefore = server.liveHeapBytes() / 1024;
            long before = server.rssKb();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create("ws://localhost:" + port + "/ws/lobby");
            List<CompletableFuture<WsConnection>> opening = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String hello = "{\"type\":\"hello\",\"nickname\":\"idle" + i + "\",\"protocol\":"
                        + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}";
                opening.add(WsConnection.openAsync(http, uri, new Silent())
                        .thenCompose(ws -> ws.sendText(hello).thenApply(sent -> ws)));
                if (opening.size() % 50 == 0) {
                    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<WsConnection> f : opening) {
                sockets.add(f.get(60, TimeUnit.SECONDS));
            }
            Thread.sleep(10_000); // replies, presence pushes and a heartbeat round
            Map<String, Double> figures = new ServerScrape(http, URI.create("http://localhost:" + port + "/")).totals();
            double pushes = figures.getOrDefault("skirmish_lobby_push_seconds_count", Double.NaN);
            double pushMeanMs = figures.getOrDefault("skirmish_lobby_push_seconds_sum", Double.NaN) / pushes * 1000;
            double pushMaxMs = figures.getOrDefault("skirmish_lobby_push_max_seconds", Double.NaN) * 1000;
            long after = server.rssKb();
            long heapAfter = server.liveHeapBytes() / 1024;
            Path histogram = out.resolve("idle-" + n + "-heap-histogram.txt");
            server.heapHistogram(histogram); // what the connections hold, by class (jcmd GC.class_histogram)
            String dump = opts.get("--heap-dump");
            if (dump != null) {
                server.heapDump(Path.of(dump).toAbsolutePath()); // for an owner analysis; large
            }
            long open = sockets.stream().filter(WsConnection::isOpen).count();
            return String.format(Locale.ROOT, "IDLE   %d lobby connections (%d still open): RSS %d -> %d KB, %.1f KB per"
                            + " connection (goal 64); live heap after a full GC %d -> %d KB, %.1f KB per connection;"
                            + " closed by the server: %s; lobby push rounds while they came: %.0f, mean %.1f ms,"
                            + " longest %.1f ms; heap histogram in %s",
                    n, open, before, after, (after - before) / (double) n, heapBefore, heapAfter,
                    (heapAfter - heapBefore) / (double) n, Silent.CLOSES, pushes, pushMeanMs, pushMaxMs, histogram);
        } finally {
            sockets.forEach(WsConnection::abort);
            server.close();
        }
    }

    /** Answers pings (the JDK client does), ignores messages and counts closes by code. */
    private static final class Silent implements WsConnection.Handler {
        static final Map<String, Integer> CLOSES = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void closed(int code, String reason) {
            CLOSES.merge(code + " " + reason, 1, Integer::sum);
        }
    }

    private LocalServer startServer(String name) throws Exception {
        List<String> jvm = new ArrayList<>();
        for (String o : opts.getOrDefault("--server-opts", "").trim().split("\\s+")) {
            if (!o.isEmpty()) {
                jvm.add(o);
            }
        }
        // one tick thread per server core: two on one core only wait for each other; the bots all come from
        // loopback, which the per-address limit exempts by default
        jvm.addAll(List.of("-Dskirmish.metrics.reportSeconds=10", "-Dskirmish.room.maxRooms=64",
                "-Dskirmish.tick.threads=" + opts.getOrDefault("--tick-threads", "1")));
        // --ready health/ready: the bots come when the node says ready, after its warm-up (README, "Warm-up");
        // the default, metrics, as soon as the application answers (no health request: no warm-up)
        String javaHome = opts.getOrDefault("--java", System.getProperty("java.home"));
        String war = opts.getOrDefault("--war", "target/skirmish.war");
        if (opts.containsKey("--glassfish-jar")) { // GlassFish 7 embedded instead of Payara Micro
            List<String> cmd = new ArrayList<>(List.of("taskset", "-c", opts.getOrDefault("--server-cpu", "0"),
                    Path.of(javaHome, "bin", "java").toString()));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", opts.get("--glassfish-jar"), "--port=" + port, war));
            return LocalServer.start(out.resolve("server-" + name + ".log"), port, cmd, javaHome, "Skirmish started",
                    opts.getOrDefault("--ready", "metrics"), java.time.Duration.ofSeconds(120));
        }
        return LocalServer.start(out.resolve("server-" + name + ".log"), port, opts.getOrDefault("--server-cpu", "0"),
                javaHome, jvm, opts.getOrDefault("--micro-jar", "target/payara-micro.jar"),
                war, "Skirmish started", opts.getOrDefault("--ready", "metrics"));
    }
}
