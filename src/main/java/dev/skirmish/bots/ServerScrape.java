package dev.skirmish.bots;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import dev.skirmish.engine.metrics.PrometheusText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's Prometheus endpoint ({@code /metrics}) once a second, so that the report can show the
 * server's tick time next to what the bots felt. A server without the endpoint (or unreachable) gives empty
 * samples and the report says so.
 */
final class ServerScrape {
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The tick histogram of all tick threads, summed: cumulative counts per bucket bound, sum, count. */
    record Tick(TreeMap<Double, Double> buckets, double sum, double count, double overruns, double gcCount,
                double gcSum, double cpuSeconds, double players, long atNanos, TreeMap<Double, Double> deviation, double gcMax) {
        static final Tick NONE = new Tick(new TreeMap<>(), 0, 0, 0, 0, 0, 0, 0, 0, new TreeMap<>(), 0);

        /**
         * The p99 deviation of the snapshot interval from its schedule, in ms (a bucket bound of /metrics), of
         * the snapshot rounds between {@code earlier} and this; NaN without data.
         */
        double deviationP99MsSince(Tick earlier) {
            return p99(deviation, earlier.deviation);
        }

        /** Cores of server CPU used on average between {@code earlier} and this (process CPU time / wall time). */
        double coresSince(Tick earlier) {
            double wall = (atNanos - earlier.atNanos) / 1e9;
            return wall <= 0 || cpuSeconds <= 0 ? Double.NaN : (cpuSeconds - earlier.cpuSeconds) / wall;
        }

        /** Mean and p99 (bucket bound) in ms of the ticks between {@code earlier} and this; null without data. */
        double[] since(Tick earlier) {
            double n = count - earlier.count;
            if (n <= 0) {
                return null;
            }
            return new double[]{(sum - earlier.sum) / n * 1000, p99(buckets, earlier.buckets)};
        }

        private static double p99(TreeMap<Double, Double> now, TreeMap<Double, Double> then) {
            double n = now.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - then.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
            if (n <= 0) {
                return Double.NaN;
            }
            for (Map.Entry<Double, Double> e : now.entrySet()) {
                double c = e.getValue() - then.getOrDefault(e.getKey(), 0.0);
                if (c >= 0.99 * n) {
                    return Double.isInfinite(e.getKey()) ? Double.NaN : e.getKey() * 1000;
                }
            }
            return Double.NaN;
        }
    }

    private final HttpClient http;
    private final URI uri;
    private volatile boolean available = true;

    ServerScrape(HttpClient http, URI base) {
        this.http = http;
        this.uri = base.resolve("metrics");
    }

    Tick read() {
        if (!available) {
            return Tick.NONE;
        }
        String text = fetch(Duration.ofSeconds(2));
        if (text == null) {
            available = Thread.currentThread().isInterrupted(); // interrupted: try again later; else: no endpoint
            return Tick.NONE;
        }
        return parse(text, System.nanoTime());
    }

    /** Every sample of the server's current figures, summed by name over its labels; empty if unreachable. */
    Map<String, Double> totals() {
        String text = fetch(Duration.ofSeconds(5));
        return text == null ? Map.of() : totals(text);
    }

    static Map<String, Double> totals(String text) {
        return PrometheusText.totals(text);
    }

    /** The body of {@code /metrics}, or null if the server has none or cannot be reached. */
    private String fetch(Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    boolean available() {
        return available;
    }

    static Tick parse(String text, long atNanos) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        TreeMap<Double, Double> deviation = new TreeMap<>();
        double sum = 0;
        double count = 0;
        double overruns = 0;
        double gcCount = 0;
        double gcSum = 0;
        double cpu = 0;
        double players = 0;
        double gcMax = 0;
        for (String line : text.split("\n")) {
            PrometheusText.Sample s = PrometheusText.parse(line);
            if (s == null) {
                continue;
            }
            double v = s.value();
            switch (s.name()) {
                case "skirmish_tick_duration_seconds_bucket" -> bucket(s.labels(), v, buckets);
                case "skirmish_snapshot_interval_deviation_seconds_bucket" -> bucket(s.labels(), v, deviation);
                case "skirmish_tick_duration_seconds_sum" -> sum += v;
                case "skirmish_tick_duration_seconds_count" -> count += v;
                case "skirmish_tick_overruns_total" -> overruns += v;
                case "skirmish_jvm_gc_pause_seconds_count" -> gcCount += v;
                case "skirmish_jvm_gc_pause_seconds_sum" -> gcSum += v;
                case "process_cpu_seconds_total" -> cpu = v;
                case "skirmish_players" -> players = v;
                case "skirmish_jvm_gc_pause_max_seconds" -> gcMax = v;
                default -> {
                }
            }
        }
        return new Tick(buckets, sum, count, overruns, gcCount, gcSum, cpu, players, atNanos, deviation, gcMax);
    }

    private static void bucket(String labels, double v, TreeMap<Double, Double> into) {
        Matcher le = LE.matcher(labels == null ? "" : labels);
        if (le.find()) {
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            into.merge(bound, v, Double::sum);
        }
    }
}
