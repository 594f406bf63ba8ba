package dev.skirmish.bots;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out benchmark of docs/benchmarks.md: for each bot count, a fresh {@link LocalCluster} (Redis,
 * HAProxy with docker/haproxy.cfg, one or two nodes started by docker/node.sh and pinned with taskset) and a
 * {@link Swarm} in this JVM through HAProxy, its rooms spread over the nodes through their per-node lobby paths.
 * One line per count: bots joined, snapshots on time, each node's tick p99 and CPU, and Redis commands and bytes
 * per player and second (Redis's own INFO commandstats and the nodes' /metrics, over the measured seconds).
 * A count passes when the nodes hold the players (the definition of the performance issue): every bot joined
 * without error, at least 99.9% of snapshots on time and a snapshot inter-arrival p99 of at most 50 ms. Each
 * node's tick p99 is reported, not judged.
 *
 * <pre>java -cp CP dev.skirmish.bots.ClusterBench --nodes 2 --bots 200,300 [--node-cpus 0,1] [--input-hz 30]
 *     [--warmup 30] [--seconds 30] [--rooms-of 32] [--out target/cluster-bench]</pre>
 */
public final class ClusterBench {
    private final Map<String, String> opts;
    private final Path out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterBench(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.getOrDefault("--out", "target/cluster-bench")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.pairs(args);
        if (opts == null || !opts.containsKey("--bots")) {
            System.err.println("usage: ClusterBench --bots N[,N...] [--nodes 2] [--node-cpus 0,1] [--input-hz 30]"
                    + " [--warmup 30] [--seconds 30] [--rooms-of 32] [--micro-jar PATH] [--war PATH] [--out DIR]");
            System.exit(1);
        }
        new ClusterBench(opts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        List<String> rows = new ArrayList<>();
        for (String n : opts.get("--bots").split(",")) {
            rows.add(step(Integer.parseInt(n.trim())));
            System.out.println("cluster: " + rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("cluster results (" + opts.getOrDefault("--nodes", "2") + " node(s) on cpus "
                + opts.getOrDefault("--node-cpus", "0,1") + ")");
        rows.forEach(System.out::println);
    }

    private String step(int bots) throws Exception {
        int nodeCount = Integer.parseInt(opts.getOrDefault("--nodes", "2"));
        List<String> ids = nodeCount == 1 ? List.of("a") : List.of("a", "b");
        String[] cpus = opts.getOrDefault("--node-cpus", "0,1").split(",");
        Map<String, String> pin = new LinkedHashMap<>();
        for (int i = 0; i < ids.size() && i < cpus.length; i++) {
            pin.put(ids.get(i), cpus[i].trim());
        }
        // as Capacity: one tick thread per node core, a report line every 10 s
        Map<String, String> env = Map.of("SKIRMISH_TICK_THREADS", "1", "SKIRMISH_METRICS_REPORT_SECONDS", "10",
                "SKIRMISH_ROOM_MAX_ROOMS", "64", "JAVA_OPTS", "-Xmx1g");
        Path project = Path.of(".").toAbsolutePath().normalize();
        try (LocalCluster cluster = LocalCluster.start("bench-" + nodeCount + "n-" + bots, new LocalCluster.Options(project,
                opts.getOrDefault("--micro-jar", "target/payara-micro.jar"), opts.getOrDefault("--war", "target/skirmish.war"),
                null, pin, env, out, ids))) {
            int roomSize = Integer.parseInt(opts.getOrDefault("--rooms-of", "32"));
            int rooms = Math.max(ids.size(), (bots + roomSize - 1) / roomSize);
            double ramp = Math.max(5, bots / 40.0);
            double warmup = Double.parseDouble(opts.getOrDefault("--warmup", "30"));
            double seconds = Double.parseDouble(opts.getOrDefault("--seconds", "30"));
            List<String> lobbies = ids.stream().map(id -> "n/" + id + "/ws/lobby").toList();
            Path report = out.resolve("swarm-" + nodeCount + "n-" + bots);
            CompletableFuture<Void> swarm = CompletableFuture.runAsync(() -> {
                try {
                    Swarm.run("--url", cluster.lbUrl().toString(), "--bots", Integer.toString(bots),
                            "--ramp", Double.toString(ramp), "--warmup", Double.toString(warmup),
                            "--seconds", Double.toString(seconds), "--rooms", "spread:" + rooms,
                            "--room-capacity", Integer.toString(roomSize),
                            "--input-hz", opts.getOrDefault("--input-hz", "30"), "--report", report.toString(),
                            "--lobby-paths", String.join(",", lobbies));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the swarm's measured window starts after the ramp and the warm-up
            Thread.sleep((long) ((ramp + warmup + 2) * 1000));
            Map<String, ServerScrape.Tick> start = ticks(cluster, ids);
            Map<String, Double> nodeStart = clusterFigures(cluster, ids);
            long redisStart = redisCalls(cluster);
            long t0 = System.nanoTime();
            Thread.sleep((long) ((seconds - 4) * 1000));
            double measured = (System.nanoTime() - t0) / 1e9;
            long redisEnd = redisCalls(cluster);
            Map<String, Double> nodeEnd = clusterFigures(cluster, ids);
            Map<String, ServerScrape.Tick> end = ticks(cluster, ids);
            swarm.get(10 + (long) (ramp + warmup + seconds) * 2, TimeUnit.SECONDS);
            Map<String, Object> r = Json.object(Files.readString(Path.of(report + ".json")));
            return line(bots, ids, r, start, end, measured, redisEnd - redisStart,
                    nodeEnd.get("commands") - nodeStart.get("commands"), nodeEnd.get("bytes") - nodeStart.get("bytes"));
        }
    }

    private Map<String, ServerScrape.Tick> ticks(LocalCluster cluster, List<String> ids) throws Exception {
        Map<String, ServerScrape.Tick> t = new LinkedHashMap<>();
        for (String id : ids) {
            t.put(id, new ServerScrape(http, cluster.nodeUrl(id).toURI()).read());
        }
        return t;
    }

    /** The nodes' own count of Redis commands and published bytes, summed. */
    private Map<String, Double> clusterFigures(LocalCluster cluster, List<String> ids) throws Exception {
        double commands = 0;
        double bytes = 0;
        for (String id : ids) {
            Map<String, Double> m = new ServerScrape(http, cluster.nodeUrl(id).toURI()).totals();
            commands += m.getOrDefault("skirmish_cluster_redis_commands_total", 0.0);
            bytes += m.getOrDefault("skirmish_cluster_published_bytes_total", 0.0);
        }
        return Map.of("commands", commands, "bytes", bytes);
    }

    /** Commands Redis has executed since it started (INFO commandstats, the INFO call itself included). */
    private static long redisCalls(LocalCluster cluster) throws Exception {
        Process p = new ProcessBuilder(LocalCluster.tool("redis-cli"), "-p", Integer.toString(cluster.redisPort()), "info", "commandstats")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        long calls = 0;
        for (String l : text.split("\r?\n")) {
            int at = l.indexOf("calls=");
            if (l.startsWith("cmdstat_") && at > 0) {
                calls += Long.parseLong(l.substring(at + 6, l.indexOf(',', at)));
            }
        }
        return calls;
    }

    @SuppressWarnings("unchecked")
    private static String line(int bots, List<String> ids, Map<String, Object> r, Map<String, ServerScrape.Tick> start,
                               Map<String, ServerScrape.Tick> end, double seconds, long redisCalls, double nodeCommands,
                               double nodeBytes) {
        Map<String, Object> b = (Map<String, Object>) r.get("bots");
        Map<String, Object> s = (Map<String, Object>) r.get("snapshots");
        double joined = num(b.get("joined"));
        double onTime = num(s.get("onTimeFraction"));
        double errors = num(r.get("errors")) + num(b.get("failedToJoin"));
        double gapP99 = num(((Map<String, Object>) r.get("interArrivalMs")).get("p99"));
        boolean ok = joined == bots && errors == 0 && onTime >= 0.999 && gapP99 <= 50;
        StringBuilder nodes = new StringBuilder();
        double cores = 0;
        for (String id : ids) {
            double[] tick = end.get(id).since(start.get(id));
            double p99 = tick == null ? Double.NaN : tick[1];
            double c = end.get(id).coresSince(start.get(id));
            double players = end.get(id).players();
            cores += c;
            nodes.append(String.format(Locale.ROOT, "  node %s: %.0f players, tick p99 <= %.2f ms, %.2f cores", id,
                    players, p99, c));
        }
        return String.format(Locale.ROOT, "%-4s %d node(s)  bots %4d  joined %4.0f  on time %7.3f%%  inter-arrival p99 %.1f ms%s  server CPU %.2f"
                        + " cores = %.2f ms/s per bot  Redis %d commands in %.0f s = %.4f per player-second (nodes' own count"
                        + " %.4f), %.0f bytes published per player-second",
                ok ? "PASS" : "FAIL", ids.size(), bots, joined, onTime * 100, gapP99, nodes, cores, cores * 1000 / bots,
                redisCalls, seconds, redisCalls / seconds / bots, nodeCommands / seconds / bots, nodeBytes / seconds / bots);
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
