package dev.skirmish.bots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak benchmark of docs/benchmarks.md: a fresh server, a swarm of bots playing for a long time, and every
 * sample interval the server's live heap after a full GC, its threads, open file descriptors, resident memory,
 * connections and players. At the end it compares the last samples with the first ones after the warm-up and
 * prints FLAT or GROWING for each resource.
 *
 * <pre>java -cp CP dev.skirmish.bots.Soak --bots 500 --minutes 30 [--input-hz 10] [--sample-seconds 120]
 *     [--warmup 60] [--settle-minutes 3] [--port 8182] [--server-cpu 0-1] [--micro-jar target/payara-micro.jar]
 *     [--war target/skirmish.war] [--out target/soak]</pre>
 */
public final class Soak {
    private record Sample(double minute, long heapBytes, long threads, long files, long rssKb, long connections,
                          long players, long classes) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.pairs(args);
        if (o == null) {
            System.err.println("usage: Soak --bots 500 --minutes 30 [--input-hz 10] [--sample-seconds 120] [--warmup 60]"
                    + " [--settle-minutes 3] [--port 8182] [--server-cpu 0-1] [--micro-jar PATH] [--war PATH]"
                    + " [--out target/soak]");
            System.exit(1);
        }
        int bots = Integer.parseInt(o.getOrDefault("--bots", "500"));
        double minutes = Double.parseDouble(o.getOrDefault("--minutes", "30"));
        int sampleSeconds = Integer.parseInt(o.getOrDefault("--sample-seconds", "120"));
        int warmup = Integer.parseInt(o.getOrDefault("--warmup", "60"));
        Path out = Path.of(o.getOrDefault("--out", "target/soak"));
        Files.createDirectories(out);
        try (LocalServer server = LocalServer.start(out.resolve("server.log"),
                Integer.parseInt(o.getOrDefault("--port", "8182")), o.getOrDefault("--server-cpu", null),
                List.of("-Dskirmish.metrics.reportSeconds=60", "-Dskirmish.room.maxRooms=64"),
                o.getOrDefault("--micro-jar", "target/payara-micro.jar"), o.getOrDefault("--war", "target/skirmish.war"))) {
            Swarm swarm = Swarm.create("--url", server.url(), "--bots", Integer.toString(bots),
                    "--ramp", Integer.toString(Math.max(10, bots / 20)), "--warmup", Integer.toString(warmup),
                    "--seconds", Double.toString(minutes * 60), "--rooms", "spread:" + ((bots + 31) / 32),
                    "--room-capacity", "32", "--input-hz", o.getOrDefault("--input-hz", "10"),
                    "--report", out.resolve("swarm").toString());
            SwarmReport[] report = new SwarmReport[1];
            Thread t = new Thread(() -> {
                try {
                    report[0] = swarm.run();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "soak-swarm");
            long start = System.nanoTime();
            t.start();
            List<Sample> samples = new ArrayList<>();
            System.out.println("soak: minute, live heap MB, threads, open files, RSS MB, connections, players, classes");
            while (t.isAlive()) {
                samples.add(sample(server, start));
                System.out.println("soak: " + describe(samples.get(samples.size() - 1)));
                t.join(sampleSeconds * 1000L);
            }
            samples.add(sample(server, start));
            System.out.println("soak: " + describe(samples.get(samples.size() - 1)) + " (bots gone)");
            if (report[0] != null) {
                System.out.println(report[0].summaryLine());
            }
            // judge from the first sample after the ramp, the warm-up and a settling time (rooms fill their
            // histories, the JIT finishes) until the last one with the bots still playing
            summarize(samples, warmup + Math.max(10, bots / 20)
                    + 60 * Integer.parseInt(o.getOrDefault("--settle-minutes", "3")));
        }
        System.exit(0);
    }

    private static Sample sample(LocalServer s, long start) throws Exception {
        long heap = s.liveHeapBytes();
        return new Sample((System.nanoTime() - start) / 60e9, heap, (long) s.metric("skirmish_jvm_threads"),
                s.openFiles(), s.rssKb(), (long) s.metric("skirmish_connections"), (long) s.metric("skirmish_players"),
                (long) s.metric("skirmish_jvm_classes_loaded"));
    }

    private static String describe(Sample x) {
        return String.format(Locale.ROOT, "%5.1f min  heap %7.1f MB  threads %4d  files %5d  rss %6.0f MB  conns %5d"
                        + "  players %4d  classes %6d", x.minute(), x.heapBytes() / 1e6, x.threads(), x.files(),
                x.rssKb() / 1024.0, x.connections(), x.players(), x.classes());
    }

    /** First and last samples under full load (after the ramp and warm-up, before the bots leave). */
    private static void summarize(List<Sample> all, int settleSeconds) {
        List<Sample> loaded = all.subList(0, all.size() - 1).stream()
                .filter(x -> x.minute() * 60 >= settleSeconds).toList();
        if (loaded.size() < 3) {
            System.out.println("soak: too few samples under load to judge");
            return;
        }
        Sample first = loaded.get(0);
        Sample last = loaded.get(loaded.size() - 1);
        double hours = (last.minute() - first.minute()) / 60;
        System.out.printf(Locale.ROOT, "soak: under load from minute %.1f to %.1f (%d samples)%n", first.minute(),
                last.minute(), loaded.size());
        verdict("live heap after GC (MB)", first.heapBytes() / 1e6, last.heapBytes() / 1e6, hours, 0.10);
        verdict("threads", first.threads(), last.threads(), hours, 0.05);
        verdict("open files", first.files(), last.files(), hours, 0.05);
        verdict("resident memory (MB)", first.rssKb() / 1024.0, last.rssKb() / 1024.0, hours, 0.10);
        verdict("classes loaded", first.classes(), last.classes(), hours, 0.02);
    }

    private static void verdict(String what, double first, double last, double hours, double tolerance) {
        double change = first == 0 ? 0 : (last - first) / first;
        System.out.printf(Locale.ROOT, "soak: %-26s %10.1f -> %10.1f  (%+.1f%%, %+.1f per hour)  %s%n", what, first,
                last, 100 * change, hours > 0 ? (last - first) / hours : 0,
                change <= tolerance ? "FLAT" : "GROWING");
    }
}
