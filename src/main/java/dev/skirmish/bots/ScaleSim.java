package dev.skirmish.bots;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * The cluster's scale simulator (docs/scaling.md, "Measured at scale"): many simulated nodes against one real
 * redis-server, with a real Payara Micro node among them. Each simulated node is the node's own cluster code (a
 * {@code ClusterNode} with its own Redis connections and threads, see {@link SimNodes}) fed by a
 * {@link SimPopulation} with a typical churn as a lobby would feed it. For each step (a number of players) it reports Redis's CPU, commands
 * and bytes in and out per second, each real node's CPU and cluster bytes received per second, and whether the
 * real node's lobby is right (it lists the simulated rooms and counts the simulated players, and quick play sends
 * to a simulated node's room).
 *
 * <pre>taskset -c 0,1 java -Xmx4g -cp CP dev.skirmish.bots.ScaleSim --nodes 50,500 --players 10000,50000
 *     [--seconds 20] [--settle 10] [--real-nodes 1] [--redis-cpu 0] [--node-cpu 1] [--out target/scale-sim]</pre>
 */
public final class ScaleSim {
    private final Map<String, String> opts;
    private final Path out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ScaleSim(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.getOrDefault("--out", "target/scale-sim")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.pairs(args);
        if (opts == null || !opts.containsKey("--players")) {
            System.err.println("usage: ScaleSim --players N[,N...] [--nodes 50[,500]] [--seconds 20] [--settle 10]"
                    + " [--real-nodes 1] [--redis-cpu 0] [--node-cpu 1] [--micro-jar PATH] [--war PATH] [--out DIR]");
            System.exit(1);
        }
        new ScaleSim(opts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        boolean real = Integer.parseInt(opts.getOrDefault("--real-nodes", "1")) > 0;
        Path project = Path.of(".").toAbsolutePath().normalize();
        Map<String, String> pin = real ? Map.of("a", opts.getOrDefault("--node-cpu", "1")) : Map.of();
        Map<String, String> env = Map.of("JAVA_OPTS", "-Xmx1g", "SKIRMISH_LOBBY_MAX_CONNECTIONS", "100");
        List<String> rows = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start("scale", new LocalCluster.Options(project,
                opts.getOrDefault("--micro-jar", "target/payara-micro.jar"), opts.getOrDefault("--war", "target/skirmish.war"),
                null, pin, env, out, real ? List.of("a") : List.of()))) {
            new ProcessBuilder("taskset", "-a", "-p", "-c", opts.getOrDefault("--redis-cpu", "0"),
                    Long.toString(cluster.redisPid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            int seconds = Integer.parseInt(opts.getOrDefault("--seconds", "20"));
            int settle = Integer.parseInt(opts.getOrDefault("--settle", "10"));
            String idle = real ? idleLine(cluster, seconds) : "";
            if (!idle.isEmpty()) {
                System.out.println("scale: " + idle);
                rows.add(idle);
            }
            int step = 0;
            for (String n : opts.getOrDefault("--nodes", "50").split(",")) {
                for (String p : opts.get("--players").split(",")) {
                    String row = step(cluster, real, Integer.parseInt(n.trim()), Integer.parseInt(p.trim()),
                            "s" + Integer.toString(step++, 36), settle, seconds);
                    System.out.println("scale: " + row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        System.out.println("scale results (Redis on cpu " + opts.getOrDefault("--redis-cpu", "0") + ")");
        rows.forEach(System.out::println);
    }

    /** The real node alone with Redis, no simulated nodes: its own cost at rest. */
    private String idleLine(LocalCluster cluster, int seconds) throws Exception {
        Figures before = figures(cluster, true);
        Thread.sleep(seconds * 1000L);
        Figures after = figures(cluster, true);
        return "no simulated nodes: " + after.since(before, 0);
    }

    private String step(LocalCluster cluster, boolean real, int nodes, int players, String tag, int settle,
                        int seconds) throws Exception {
        SimPopulation population = new SimPopulation(nodes, players, tag, 42, SimPopulation.Churn.typical(), 0.05);
        try (SimNodes sim = new SimNodes(population, cluster.redisUrl())) {
            sim.start();
            Thread.sleep(settle * 1000L);
            Figures before = figures(cluster, real);
            long lateBefore = sim.lateRounds();
            long lookupsBefore = sim.lookups();
            long rxBefore = sim.bytesReceived();
            long refusedBefore = sim.refusedChat();
            long failedBefore = sim.lookupFailures();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double s = (System.nanoTime() - t0) / 1e9;
            Figures after = figures(cluster, real);
            String lobby = real ? lobbyCheck(cluster, population) : "";
            return String.format(Locale.ROOT, "nodes %d, players %d (%d rooms): %s | simulated nodes: received %.1f KB/s"
                            + " each, %.0f lookups/s, %d failed, %.1f lobby chat lines/s refused (cluster busy), %d"
                            + " rounds late, %d leader(s)%s", nodes, players,
                    population.rooms(), after.since(before, players), (sim.bytesReceived() - rxBefore) / s / nodes / 1e3,
                    (sim.lookups() - lookupsBefore) / s, sim.lookupFailures() - failedBefore, (sim.refusedChat() - refusedBefore) / s,
                    sim.lateRounds() - lateBefore,
                    sim.leaders(), lobby);
        }
    }

    /** Redis's and the real node's counters at one moment. */
    private record Figures(long nanos, Map<String, Double> redis, double nodeCpuSeconds, Map<String, Double> node) {
        String since(Figures b, int players) {
            double s = (nanos - b.nanos) / 1e9;
            double cpu = (redis.get("used_cpu_user") + redis.get("used_cpu_sys") - b.redis.get("used_cpu_user")
                    - b.redis.get("used_cpu_sys")) / s;
            double cmds = (redis.get("total_commands_processed") - b.redis.get("total_commands_processed")) / s;
            double in = (redis.get("total_net_input_bytes") - b.redis.get("total_net_input_bytes")) / s;
            double outBytes = (redis.get("total_net_output_bytes") - b.redis.get("total_net_output_bytes")) / s;
            StringBuilder top = new StringBuilder();
            redis.entrySet().stream().filter(e -> e.getKey().startsWith("cmdstat_"))
                    .map(e -> Map.entry(e.getKey().substring(8), (e.getValue() - b.redis.getOrDefault(e.getKey(), 0.0)) / s))
                    .filter(e -> e.getValue() >= 1).sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                    .forEach(e -> top.append(top.length() == 0 ? "" : " ").append(e.getKey()).append(' ')
                            .append(Math.round(e.getValue())));
            String line = String.format(Locale.ROOT, "Redis %.1f%% of a core, %.0f commands/s (%s), in %.2f MB/s, out %.2f"
                    + " MB/s", cpu * 100, cmds, top, in / 1e6, outBytes / 1e6);
            if (players > 0) {
                line += String.format(Locale.ROOT, " (%.1f B out per player-second)", outBytes / players);
            }
            if (node != null && b.node != null) {
                double nodeCpu = (nodeCpuSeconds - b.nodeCpuSeconds) / s;
                double rx = (node.getOrDefault("skirmish_cluster_received_bytes_total", 0.0)
                        - b.node.getOrDefault("skirmish_cluster_received_bytes_total", 0.0)) / s;
                double cmdsNode = (node.getOrDefault("skirmish_cluster_redis_commands_total", 0.0)
                        - b.node.getOrDefault("skirmish_cluster_redis_commands_total", 0.0)) / s;
                line += String.format(Locale.ROOT, " | real node a: %.1f%% of a core, cluster received %.1f KB/s, sent %.0f"
                        + " commands/s", nodeCpu * 100, rx / 1e3, cmdsNode);
            }
            return line;
        }
    }

    private Figures figures(LocalCluster cluster, boolean real) throws Exception {
        Map<String, Double> info = new LinkedHashMap<>();
        try (Jedis j = jedis(cluster.redisPort())) {
            for (String l : (j.info() + "\n" + j.info("commandstats")).split("\r?\n")) {
                if (l.startsWith("cmdstat_")) {
                    int at = l.indexOf("calls=");
                    info.put(l.substring(0, l.indexOf(':')), Double.parseDouble(l.substring(at + 6, l.indexOf(',', at))));
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    try {
                        info.put(l.substring(0, colon), Double.parseDouble(l.substring(colon + 1).trim()));
                    } catch (NumberFormatException ignored) {
                        // not a number
                    }
                }
            }
        }
        if (!real) {
            return new Figures(System.nanoTime(), info, 0, null);
        }
        Map<String, Double> node = new ServerScrape(http, cluster.nodeUrl("a").toURI()).totals();
        return new Figures(System.nanoTime(), info, LocalServer.cpuSeconds(cluster.node("a").pid()), node);
    }

    /** A Redis connection of the simulator (RESP2, as the nodes' own). */
    static Jedis jedis(int port) {
        return new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", port),
                redis.clients.jedis.DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).resp2().build());
    }

    /**
     * Asks the real node's lobby, as a browser would: how many public rooms it lists and players it counts, and
     * where quick play sends.
     */
    private String lobbyCheck(LocalCluster cluster, SimPopulation population) throws Exception {
        LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        URI ws = URI.create(cluster.nodeUrl("a").toString().replace("http://", "ws://") + "ws/lobby");
        try (WsConnection c = WsConnection.open(http, ws, new WsConnection.Handler() {
            @Override
            public void text(String message) {
                texts.add(message);
            }
        })) {
            c.sendText("{\"type\":\"hello\",\"nickname\":\"observer\",\"protocol\":"
                    + dev.skirmish.engine.spi.wire.Protocol.VERSION + "}");
            int rooms = -1;
            double total = -1;
            String quick = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean asked = false;
            while (System.nanoTime() < deadline && (rooms < 0 || total < 0 || quick == null)) {
                String t = texts.poll(200, TimeUnit.MILLISECONDS);
                if (t == null) {
                    continue;
                }
                Map<String, Object> m = Json.object(t);
                switch (String.valueOf(m.get("type"))) {
                    case "roomList" -> rooms = ((List<?>) m.get("rooms")).size();
                    case "presence" -> total = ((Number) m.get("total")).doubleValue();
                    case "joined" -> quick = String.valueOf(m.get("gamePath"));
                    case "error" -> quick = "error " + m.get("code");
                    default -> {
                    }
                }
                if (!asked && rooms >= 0) {
                    asked = true;
                    c.sendText("{\"type\":\"quickPlay\"}");
                }
            }
            if (quick != null && !quick.startsWith("error")) {
                c.sendText("{\"type\":\"leaveRoom\"}");
            }
            return String.format(Locale.ROOT, " | lobby of a: lists %d of %d public rooms, counts %.0f of %d players"
                            + " (+1 observer), quick play -> %s", rooms, population.publicRooms(), total,
                    population.players(), quick == null ? "no answer" : quick.replaceAll("\\?.*", ""));
        }
    }

}
