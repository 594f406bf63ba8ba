package dev.skirmish.bots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side benchmark of docs/benchmarks.md: for each player count it runs the Colyseus 0.18 peer's own
 * harness ({@code bench.sh colyseus N K}, server pinned to core 0, its bots to core 1) and then Skirmish's
 * {@link Capacity} run (a fresh Payara Micro pinned to core 0, the swarm in this JVM, which should be pinned to
 * core 1), with the same rooms, warm-up and window, one after the other, and prints both sets of figures and the
 * ratio of the server CPU per player-second. The scene is the peer's: every player always moving and nobody
 * shooting (the Skirmish bots run with {@code --fire false} unless {@code --fire true} is given).
 *
 * <pre>taskset -c 1 java -cp CP dev.skirmish.bots.Versus --players 300,600 [--rooms-of 32] [--input-hz 60]
 *     [--inputs-per-frame 0] [--warmup 20] [--seconds 30] [--peer ../shared/peers/colyseus] [--decode 0] [--fire false]
 *     [--java JAVA_HOME] [--micro-jar PATH | --glassfish-jar target/runtimes/glassfish-embedded-7.jar]
 *     [--server-opts "..."] [--out target/versus]</pre>
 *
 * <p>The peer's bots send 30 inputs a second (its scene); {@code --input-hz} sets the Skirmish bots' rate
 * (60 is the browser's). {@code --decode 0} makes the peer's bots count frames without decoding them, which they
 * need past about 500 clients on one core; the peer's server does the same work either way.
 */
public final class Versus {
    private final Map<String, String> opts;
    private final Path out;

    private Versus(Map<String, String> opts) {
        this.opts = opts;
        this.out = Path.of(opts.getOrDefault("--out", "target/versus")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.pairs(args);
        if (opts == null || !opts.containsKey("--players")) {
            System.err.println("usage: Versus --players N[,N...] [--rooms-of 32] [--input-hz 60] [--inputs-per-frame 0]"
                    + " [--warmup 20]"
                    + " [--seconds 30] [--peer ../shared/peers/colyseus] [--decode 0|1] [--fire false]"
                    + " [--java JAVA_HOME] [--micro-jar PATH | --glassfish-jar PATH] [--server-opts \"...\"]"
                    + " [--out target/versus]");
            System.exit(1);
        }
        new Versus(opts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        List<String> tables = new ArrayList<>();
        for (String n : opts.get("--players").split(",")) {
            int players = Integer.parseInt(n.trim());
            Map<String, Object> peer = colyseus(players);
            Map<String, Object> ours = skirmish(players);
            String table = table(players, peer, ours);
            Files.writeString(out.resolve("versus-" + players + ".txt"), table);
            System.out.println(table);
            tables.add(table);
        }
        System.out.println();
        System.out.println("versus results");
        tables.forEach(System.out::println);
    }

    /** Runs the peer's harness and returns its result JSON. */
    private Map<String, Object> colyseus(int players) throws Exception {
        Path peer = Path.of(opts.getOrDefault("--peer", "../shared/peers/colyseus")).toAbsolutePath();
        Path bench = peer.resolve("bench.sh");
        if (!Files.isRegularFile(bench) || !Files.isDirectory(peer.resolve("node_modules"))) {
            throw new IllegalStateException("no Colyseus harness at " + peer + " (set it up with `npm run setup` there,"
                    + " as its README says, or give --peer)");
        }
        int perRoom = Integer.parseInt(opts.getOrDefault("--rooms-of", "32"));
        Path results = out.resolve("colyseus");
        List<String> cmd = new ArrayList<>(List.of("bash", bench.toString(), "colyseus", Integer.toString(players),
                Integer.toString(perRoom)));
        String decode = opts.getOrDefault("--decode", "0");
        if (!decode.equals("1")) {
            cmd.addAll(List.of("--decode", "0"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("colyseus-" + players + ".log").toFile());
        pb.environment().put("WARMUP", opts.getOrDefault("--warmup", "20"));
        pb.environment().put("DURATION", opts.getOrDefault("--seconds", "30"));
        pb.environment().put("RESULTS", results.toString());
        pb.environment().put("SERVER_CPU", opts.getOrDefault("--server-cpu", "0"));
        pb.environment().put("BOT_CPU", opts.getOrDefault("--bot-cpu", "1"));
        System.out.println("versus: Colyseus with " + players + " players (" + String.join(" ", cmd) + ")");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the Colyseus harness did not finish in 10 minutes");
        }
        String tag = "colyseus-c" + players + "-r" + perRoom + (decode.equals("1") ? "" : "-decode0");
        Path json = results.resolve(tag + ".json");
        if (p.exitValue() != 0 || !Files.isRegularFile(json)) {
            throw new IllegalStateException("the Colyseus harness failed (exit " + p.exitValue() + "); see "
                    + out.resolve("colyseus-" + players + ".log"));
        }
        return Json.object(Files.readString(json));
    }

    private Map<String, Object> skirmish(int players) throws Exception {
        Map<String, String> c = new HashMap<>();
        for (String k : List.of("--rooms-of", "--input-hz", "--inputs-per-frame", "--warmup", "--seconds", "--java", "--micro-jar", "--glassfish-jar", "--war",
                "--server-opts", "--server-cpu", "--tick-threads", "--port")) {
            if (opts.containsKey(k)) {
                c.put(k, opts.get(k));
            }
        }
        c.putIfAbsent("--warmup", "20");
        c.putIfAbsent("--seconds", "30");
        c.put("--fire", opts.getOrDefault("--fire", "false"));
        c.put("--out", out.resolve("skirmish").toString());
        System.out.println("versus: Skirmish with " + players + " players");
        return new Capacity(c).play(players);
    }

    static String table(int players, Map<String, Object> peer, Map<String, Object> ours) {
        Map<String, Object> pc = obj(peer, "perClient");
        Map<String, Object> pi = obj(peer, "interArrivalMs");
        Map<String, Object> ps = obj(peer, "server");
        Map<String, Object> pb = obj(peer, "bots");
        Map<String, Object> pss = obj(peer, "serverSide");
        Map<String, Object> ob = obj(ours, "bots");
        Map<String, Object> os = obj(ours, "snapshots");
        Map<String, Object> oserver = obj(ours, "server");
        Map<String, Object> oi = obj(ours, "interArrivalMs");
        Map<String, Object> od = obj(ours, "downKbitPerBot");
        Map<String, Object> rtt = obj(ours, "inputRoundTripMs");
        Map<String, Object> cfg = obj(ours, "config");
        Map<String, Object> in = obj(ours, "inputs");
        double peerCpu = num(ps.get("cpuMsPerSecPerClient"));
        double ourCpu = oserver == null ? Double.NaN : num(oserver.get("cpuMsPerBotSecond"));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%d players, rooms of %.0f, Colyseus bots 30 inputs/s, Skirmish bots %.0f"
                        + " inputs/s; warm-up %.0f s, window %.0f s%n", players, num(peer.get("perRoom")),
                num(cfg.get("inputHz")), num(cfg.get("warmupSeconds")), num(cfg.get("seconds"))));
        b.append(String.format(Locale.ROOT, "| figure | Colyseus 0.18 | Skirmish | Skirmish / Colyseus |%n"));
        b.append("|---|---|---|---|\n");
        row(b, "players joined", num(peer.get("joined")), num(ob.get("joined")), "%.0f");
        row(b, "server CPU per player-second (ms)", peerCpu, ourCpu, "%.3f");
        row(b, "server CPU (% of one core)", num(ps.get("cpuPercentOfOneCore")),
                oserver == null ? Double.NaN : num(oserver.get("cpuCores")) * 100, "%.1f");
        row(b, "snapshots per player per second", num(pc.get("patchesPerSec")), num(os.get("perBotPerSecond")), "%.2f");
        row(b, "inter-arrival p99 at the bots (ms)", num(pi.get("pooledP99")), num(oi.get("p99")), "%.1f");
        row(b, "down per player (kB/s)", num(pc.get("wireBytesPerSec")) / 1000, num(od.get("p50")) / 8, "%.2f");
        b.append(String.format(Locale.ROOT, "| input frames per player per second (Skirmish) | 30 | %.1f | |%n",
                num(cfg.get("inputHz")) * num(in.get("frames")) / num(in.get("sent"))));
        b.append(String.format(Locale.ROOT, "| snapshots on time (Skirmish: within 1.5 intervals) | | %.3f%% | |%n",
                num(os.get("onTimeFraction")) * 100));
        b.append(String.format(Locale.ROOT, "| tick p99 (Skirmish, histogram bucket) | | <= %.2f ms | |%n",
                oserver == null ? Double.NaN : num(oserver.get("tickP99Ms"))));
        b.append(String.format(Locale.ROOT, "| input round trip p50 / p99 (Skirmish) | | %.1f / %.1f ms | |%n",
                num(rtt.get("p50")), num(rtt.get("p99"))));
        b.append(String.format(Locale.ROOT, "| server-side broadcast gap p99 (Colyseus) | %s ms | | |%n",
                pss == null || !(pss.get("broadcastGapMs") instanceof Map<?, ?> g) ? "-" : fmt(num(g.get("p99")))));
        b.append(String.format(Locale.ROOT, "| bot process CPU (%% of one core) | %.1f%% | %.1f%% | |%n",
                num(pb.get("cpuPercentOfOneCore")), num(ours.get("swarmCpuCores")) * 100));
        b.append(String.format(Locale.ROOT, "CPU ratio Skirmish / Colyseus: %.2f%n", ourCpu / peerCpu));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, double peer, double ours, String format) {
        b.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, format, peer)).append(" | ")
                .append(String.format(Locale.ROOT, format, ours)).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f", ours / peer)).append(" |\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A nested object of a result JSON, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String key) {
        return m.get(key) instanceof Map<?, ?> v ? (Map<String, Object>) v : null;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
