package dev.skirmish.bots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The swarm's report: figures, goal checks, a JSON file and a self-contained HTML page with plots. */
public final class SwarmReport {
    /** One second of the run. */
    record Second(double t, int connected, double snapshotsPerSecond, double rttP50Ms, double rttP99Ms,
                  double rttMaxMs, double gapP99Ms, double gapMaxMs, double stalenessP99Ms,
                  double downKbitPerSecond, long errors, double serverTickMeanMs, double serverTickP99Ms,
                  double serverCores) {
    }

    /** The server's Prometheus figures when measuring began and at the end. */
    record Server(ServerScrape.Tick start, ServerScrape.Tick end) {
    }

    /** A goal given on the command line and whether the run met it. */
    public record Check(String name, String comparison, double limit, double value, boolean ok) {
        String describe() {
            return String.format(Locale.ROOT, "%s: %.4g (goal %s %.4g)", name, value, comparison, limit);
        }
    }

    private final String json;
    private final List<Check> checks;
    private final Path jsonPath;
    private final Path htmlPath;
    private final String summary;

    private SwarmReport(String json, List<Check> checks, Path jsonPath, Path htmlPath, String summary) {
        this.json = json;
        this.checks = checks;
        this.jsonPath = jsonPath;
        this.htmlPath = htmlPath;
        this.summary = summary;
    }

    public List<Check> checks() {
        return checks;
    }

    public boolean allOk() {
        return checks.stream().allMatch(Check::ok);
    }

    public Path jsonPath() {
        return jsonPath;
    }

    public Path htmlPath() {
        return htmlPath;
    }

    public String json() {
        return json;
    }

    public String summaryLine() {
        return summary;
    }

    static SwarmReport write(SwarmOptions o, SwarmMetrics m, List<Second> timeline, List<Bot> bots, double seconds,
                             Server server) {
        int rate = bots.stream().mapToInt(Bot::snapshotRateHz).filter(r -> r > 0).findFirst().orElse(0);
        long received = m.snapshots.sum() - m.snapshotsAtStart;
        long missing = m.missing.sum() - m.missingAtStart;
        long late = rate == 0 ? 0 : m.totalInterArrival.getCountBetweenValues(1500_000L / rate + 1,
                m.totalInterArrival.getHighestTrackableValue());
        double onTime = received + missing == 0 ? 0 : (double) (received - late) / (received + missing);
        double[] down = bots.stream().mapToDouble(b -> (b.bytesDown.get() - b.bytesDownAtStart) * 8 / 1000.0 / seconds)
                .sorted().toArray();
        double[] up = bots.stream().mapToDouble(b -> (b.bytesUp.get() - b.bytesUpAtStart) * 8 / 1000.0 / seconds)
                .sorted().toArray();
        long errors = m.failedToJoin.get() + m.disconnects();

        List<Check> checks = new ArrayList<>();
        if (o.maxP99RttMs() > 0) {
            double v = Swarm.ms(m.totalRtt.getValueAtPercentile(99));
            checks.add(new Check("p99 input round trip (ms)", "<=", o.maxP99RttMs(), v, m.totalRtt.getTotalCount() > 0 && v <= o.maxP99RttMs()));
        }
        if (o.maxP99GapMs() > 0) {
            double v = Swarm.ms(m.totalInterArrival.getValueAtPercentile(99));
            checks.add(new Check("p99 snapshot inter-arrival (ms)", "<=", o.maxP99GapMs(), v, received > 0 && v <= o.maxP99GapMs()));
        }
        if (o.minOnTime() > 0) {
            checks.add(new Check("snapshots on time (fraction)", ">=", o.minOnTime(), onTime, onTime >= o.minOnTime()));
        }
        if (o.maxErrors() >= 0) {
            checks.add(new Check("bots that failed to join or were disconnected", "<=", o.maxErrors(), errors, errors <= o.maxErrors()));
        }

        StringBuilder j = new StringBuilder(4096);
        j.append("{\n  \"tool\": \"skirmish-swarm\",\n  \"reportVersion\": 1,\n");
        j.append("  \"finishedAt\": ").append(Json.quote(Instant.now().toString())).append(",\n");
        j.append("  \"config\": {\"url\": ").append(Json.quote(o.url().toString())).append(", \"bots\": ").append(o.bots())
                .append(", \"rampSeconds\": ").append(num(o.rampSeconds())).append(", \"warmupSeconds\": ")
                .append(num(o.warmupSeconds())).append(", \"seconds\": ").append(num(o.seconds()))
                .append(", \"rooms\": ").append(Json.quote(o.rooms())).append(", \"inputHz\": ").append(o.inputHz())
                .append(", \"game\": ").append(Json.quote(o.game()))
                .append(", \"pilot\": ").append(Json.quote(BotGame.of(o.game()).getClass().getName()))
                .append("},\n");
        j.append("  \"measuredSeconds\": ").append(num(seconds)).append(",\n");
        j.append("  \"swarmCpuCores\": ").append(num(m.swarmCpuNanos / 1e9 / seconds)).append(",\n");
        j.append("  \"bots\": {\"started\": ").append(bots.size()).append(", \"joined\": ").append(m.joined.get())
                .append(", \"failedToJoin\": ").append(m.failedToJoin.get()).append(", \"connectedAtEnd\": ")
                .append(m.connected.get()).append("},\n");
        j.append("  \"snapshotRateHz\": ").append(rate).append(",\n");
        double[] tick = server == null || server.start() == null ? null : server.end().since(server.start());
        double cores = tick == null ? Double.NaN : server.end().coresSince(server.start());
        if (tick == null) {
            j.append("  \"server\": null,\n");
        } else {
            j.append("  \"server\": {\"tickMeanMs\": ").append(num(tick[0])).append(", \"tickP99Ms\": ").append(num(tick[1]))
                    .append(", \"ticks\": ").append(num(server.end().count() - server.start().count()))
                    .append(", \"overruns\": ").append(num(server.end().overruns() - server.start().overruns()))
                    .append(", \"gcCollections\": ").append(num(server.end().gcCount() - server.start().gcCount()))
                    .append(", \"gcSeconds\": ").append(num(server.end().gcSum() - server.start().gcSum()))
                    .append(", \"snapshotIntervalDeviationP99Ms\": ").append(num(server.end().deviationP99MsSince(server.start())))
                    .append(", \"gcPauseMaxMsSinceStart\": ").append(num(server.end().gcMax() * 1000))
                    .append(", \"players\": ").append(num(server.end().players()))
                    .append(", \"cpuCores\": ").append(num(cores))
                    .append(", \"cpuMsPerBotSecond\": ").append(num(cores * 1000 / m.joined.get()))
                    .append(", \"botsPerCore\": ").append(num(m.joined.get() / cores)).append("},\n");
        }
        j.append("  \"joinMs\": ").append(hist(m.totalJoin)).append(",\n");
        j.append("  \"interArrivalMs\": ").append(hist(m.totalInterArrival)).append(",\n");
        j.append("  \"stalenessMs\": ").append(hist(m.totalStaleness)).append(",\n");
        j.append("  \"inputRoundTripMs\": ").append(hist(m.totalRtt)).append(",\n");
        j.append("  \"snapshots\": {\"received\": ").append(received).append(", \"missing\": ").append(missing)
                .append(", \"late\": ").append(late).append(", \"onTimeFraction\": ").append(num(onTime))
                .append(", \"perBotPerSecond\": ").append(num(bots.isEmpty() ? 0 : received / seconds / bots.size()))
                .append("},\n");
        j.append("  \"inputs\": {\"sent\": ").append(m.inputsSent.sum()).append(", \"frames\": ")
                .append(m.framesUp.sum()).append(", \"heldBack\": ")
                .append(m.inputsHeldBack.sum()).append("},\n");
        j.append("  \"downKbitPerBot\": ").append(spread(down)).append(",\n");
        j.append("  \"upKbitPerBot\": ").append(spread(up)).append(",\n");
        Map<String, Long> closes = new TreeMap<>();
        m.closes.forEach((k, v) -> closes.put(k, v.sum()));
        j.append("  \"closes\": {");
        j.append(String.join(", ", closes.entrySet().stream().map(e -> Json.quote(e.getKey()) + ": " + e.getValue()).toList()));
        j.append("},\n  \"errors\": ").append(m.errors.sum()).append(",\n");
        j.append("  \"checks\": [");
        j.append(String.join(", ", checks.stream().map(c -> "{\"name\": " + Json.quote(c.name()) + ", \"comparison\": "
                + Json.quote(c.comparison()) + ", \"limit\": " + num(c.limit()) + ", \"value\": " + num(c.value())
                + ", \"ok\": " + c.ok() + "}").toList()));
        j.append("],\n  \"timeline\": [\n");
        for (int i = 0; i < timeline.size(); i++) {
            Second s = timeline.get(i);
            j.append("    {\"t\": ").append(num(s.t())).append(", \"connected\": ").append(s.connected())
                    .append(", \"snapshotsPerSecond\": ").append(num(s.snapshotsPerSecond()))
                    .append(", \"rttP50Ms\": ").append(num(s.rttP50Ms())).append(", \"rttP99Ms\": ").append(num(s.rttP99Ms()))
                    .append(", \"rttMaxMs\": ").append(num(s.rttMaxMs())).append(", \"gapP99Ms\": ").append(num(s.gapP99Ms()))
                    .append(", \"gapMaxMs\": ").append(num(s.gapMaxMs())).append(", \"stalenessP99Ms\": ")
                    .append(num(s.stalenessP99Ms())).append(", \"downKbitPerSecond\": ").append(num(s.downKbitPerSecond()))
                    .append(", \"errors\": ").append(s.errors()).append(", \"serverTickMeanMs\": ")
                    .append(num(s.serverTickMeanMs())).append(", \"serverTickP99Ms\": ").append(num(s.serverTickP99Ms()))
                    .append(", \"serverCores\": ").append(num(s.serverCores()))
                    .append('}').append(i + 1 < timeline.size() ? ",\n" : "\n");
        }
        j.append("  ],\n  \"downKbitPerBotSorted\": [");
        j.append(String.join(", ", Arrays.stream(down).mapToObj(SwarmReport::num).toList()));
        j.append("]\n}\n");
        String json = j.toString();

        String summary = String.format(Locale.ROOT, "swarm: %d of %d bots joined, %.1f snapshots/s per bot, "
                        + "%.3f%% on time, input round trip p50 %.1f / p99 %.1f / max %.1f ms, inter-arrival p99 %.1f ms, "
                        + "%.1f kbit/s down per bot (median), %d failed or disconnected",
                m.joined.get(), bots.size(), bots.isEmpty() ? 0 : received / seconds / bots.size(), onTime * 100,
                Swarm.ms(m.totalRtt.getValueAtPercentile(50)), Swarm.ms(m.totalRtt.getValueAtPercentile(99)),
                Swarm.ms(m.totalRtt.getMaxValue()), Swarm.ms(m.totalInterArrival.getValueAtPercentile(99)),
                down.length == 0 ? 0 : down[down.length / 2], errors);
        Path jsonPath = Path.of(o.report() + ".json");
        Path htmlPath = Path.of(o.report() + ".html");
        try {
            if (jsonPath.toAbsolutePath().getParent() != null) {
                Files.createDirectories(jsonPath.toAbsolutePath().getParent());
            }
            Files.writeString(jsonPath, json, StandardCharsets.UTF_8);
            Files.writeString(htmlPath, html(o, summary, checks, timeline, down, json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SwarmReport(json, checks, jsonPath, htmlPath, summary);
    }

    private static String hist(Histogram h) {
        return "{\"count\": " + h.getTotalCount() + ", \"p50\": " + num(Swarm.ms(h.getValueAtPercentile(50)))
                + ", \"p90\": " + num(Swarm.ms(h.getValueAtPercentile(90))) + ", \"p99\": "
                + num(Swarm.ms(h.getValueAtPercentile(99))) + ", \"p999\": " + num(Swarm.ms(h.getValueAtPercentile(99.9)))
                + ", \"max\": " + num(Swarm.ms(h.getMaxValue())) + ", \"mean\": " + num(h.getMean() / 1000) + "}";
    }

    private static String spread(double[] sorted) {
        if (sorted.length == 0) {
            return "{\"min\": 0, \"p50\": 0, \"p99\": 0, \"max\": 0, \"mean\": 0}";
        }
        return "{\"min\": " + num(sorted[0]) + ", \"p50\": " + num(sorted[sorted.length / 2]) + ", \"p99\": "
                + num(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]) + ", \"max\": "
                + num(sorted[sorted.length - 1]) + ", \"mean\": " + num(Arrays.stream(sorted).average().orElse(0)) + "}";
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String html(SwarmOptions o, String summary, List<Check> checks, List<Second> timeline, double[] down,
                               String json) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Skirmish swarm report</title>")
                .append("<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330;background:#f7f8fb}")
                .append("h1{font-size:20px}h2{font-size:15px;margin-top:28px}.ok{color:#137333}.missed{color:#b3261e;font-weight:600}")
                .append("svg{background:#fff;border:1px solid #d5d9e2}figure{display:inline-block;margin:0 16px 16px 0}")
                .append("figcaption{font-size:12px;color:#566}pre{background:#fff;border:1px solid #d5d9e2;padding:8px;max-height:300px;overflow:auto}")
                .append("</style></head><body>");
        h.append("<h1>Skirmish swarm report</h1><p>").append(esc(summary)).append("</p><p>")
                .append(esc(o.bots() + " bots against " + o.url() + ", rooms " + o.rooms() + ", "
                        + o.inputHz() + " inputs/s per bot")).append("</p>");
        if (!checks.isEmpty()) {
            h.append("<h2>Goals</h2><ul>");
            for (Check c : checks) {
                h.append("<li class=\"").append(c.ok() ? "ok" : "missed").append("\">").append(c.ok() ? "met: " : "MISSED: ")
                        .append(esc(c.describe())).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("<h2>Over time</h2>");
        h.append(chart("Input round trip (ms): p50 and p99", timeline,
                List.of(Second::rttP50Ms, Second::rttP99Ms), List.of("#4e79a7", "#e15759")));
        h.append(chart("Snapshot inter-arrival (ms): p99 and max", timeline,
                List.of(Second::gapP99Ms, Second::gapMaxMs), List.of("#59a14f", "#f28e2b")));
        h.append(chart("Bots connected", timeline, List.of(s -> s.connected()), List.of("#76b7b2")));
        h.append(chart("Downstream, all bots (kbit/s)", timeline, List.of(Second::downKbitPerSecond), List.of("#af7aa1")));
        h.append("<h2>Bandwidth per bot</h2>").append(bars(down));
        h.append("<h2>Server tick time</h2>");
        if (timeline.stream().anyMatch(s -> !Double.isNaN(s.serverTickP99Ms()))) {
            h.append(chart("Server tick (ms, from /metrics): mean and p99 bucket bound", timeline,
                    List.of(s -> Double.isNaN(s.serverTickMeanMs()) ? 0 : s.serverTickMeanMs(),
                            s -> Double.isNaN(s.serverTickP99Ms()) ? 0 : s.serverTickP99Ms()), List.of("#4e79a7", "#e15759")));
        } else {
            h.append("<p>The server's /metrics endpoint could not be read.</p>");
        }
        h.append("<h2>Data</h2><pre>").append(esc(json)).append("</pre></body></html>\n");
        return h.toString();
    }

    private static String chart(String title, List<Second> t, List<ToDoubleFunction<Second>> series, List<String> colors) {
        int w = 520;
        int hgt = 200;
        int pad = 36;
        double maxX = t.isEmpty() ? 1 : Math.max(1, t.get(t.size() - 1).t());
        double maxY = 1e-9;
        for (ToDoubleFunction<Second> f : series) {
            for (Second s : t) {
                maxY = Math.max(maxY, f.applyAsDouble(s));
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<figure><svg width=\"").append(w).append("\" height=\"").append(hgt).append("\" viewBox=\"0 0 ")
                .append(w).append(' ').append(hgt).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        b.append("<line x1=\"").append(pad).append("\" y1=\"").append(hgt - pad).append("\" x2=\"").append(w - 8)
                .append("\" y2=\"").append(hgt - pad).append("\" stroke=\"#999\"/>");
        b.append("<line x1=\"").append(pad).append("\" y1=\"8\" x2=\"").append(pad).append("\" y2=\"").append(hgt - pad)
                .append("\" stroke=\"#999\"/>");
        b.append("<text x=\"2\" y=\"16\" font-size=\"10\">").append(num(maxY)).append("</text>");
        b.append("<text x=\"").append(w - 40).append("\" y=\"").append(hgt - 20).append("\" font-size=\"10\">")
                .append(num(maxX)).append(" s</text>");
        for (int k = 0; k < series.size(); k++) {
            StringBuilder pts = new StringBuilder();
            for (Second s : t) {
                double x = pad + (w - pad - 8) * s.t() / maxX;
                double y = (hgt - pad) - (hgt - pad - 8) * series.get(k).applyAsDouble(s) / maxY;
                pts.append(num(x)).append(',').append(num(y)).append(' ');
            }
            b.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colors.get(k))
                    .append("\" points=\"").append(pts).append("\"/>");
        }
        b.append("</svg><figcaption>").append(esc(title)).append("</figcaption></figure>");
        return b.toString();
    }

    private static String bars(double[] sorted) {
        int w = 520;
        int hgt = 160;
        if (sorted.length == 0) {
            return "<p>No bots.</p>";
        }
        double max = Math.max(1e-9, sorted[sorted.length - 1]);
        double bw = (double) (w - 8) / sorted.length;
        StringBuilder b = new StringBuilder("<figure><svg width=\"" + w + "\" height=\"" + hgt + "\" role=\"img\" "
                + "aria-label=\"downstream per bot\">");
        for (int i = 0; i < sorted.length; i++) {
            double hh = (hgt - 20) * sorted[i] / max;
            b.append("<rect x=\"").append(num(4 + i * bw)).append("\" y=\"").append(num(hgt - 4 - hh)).append("\" width=\"")
                    .append(num(Math.max(0.5, bw - 0.5))).append("\" height=\"").append(num(hh)).append("\" fill=\"#4e79a7\"/>");
        }
        b.append("<text x=\"4\" y=\"12\" font-size=\"10\">max ").append(num(max)).append(" kbit/s</text>");
        b.append("</svg><figcaption>Downstream per bot, kbit/s, sorted</figcaption></figure>");
        return b.toString();
    }
}
