package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.games.arena.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The Prometheus endpoint while a game runs. */
final class MetricsScenarios {
    private final ItClients clients;

    MetricsScenarios(ItClients clients) {
        this.clients = clients;
    }

    void prometheusFiguresDescribeARunningGame() throws Exception {
        try (WsClient l = clients.lobby("metered")) {
            ItClients.Player p = clients.play(l, ItClients.createRoom("Metered", 4));
            ServerFrame.Snapshot first = p.game().next(ServerFrame.Snapshot.class, s -> true, 5_000);
            // one run of three ticks, then silence: the server holds that input for the ticks after it
            long view = first.tick();
            byte[] still = {0, 0, 0, (byte) (view >>> 24), (byte) (view >>> 16), (byte) (view >>> 8), (byte) view, 0};
            p.game().sendBinary(dev.skirmish.engine.spi.wire.StreamFrames.encodeRuns(1, java.util.List.of(still),
                    new int[]{3}));
            // the counters below grow with time: read until they are all past their floor (or 10 s)
            URI uri = URI.create(clients.ws("metrics").toString().replaceFirst("^ws", "http"));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            Map<String, Double> samples = scrape(uri);
            while (!grown(samples) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                samples = scrape(uri);
            }
            assertTrue(samples.get("skirmish_rooms") >= 1, "rooms");
            assertTrue(samples.get("skirmish_players") >= 1, "players");
            assertTrue(samples.get("skirmish_connections") >= 2, "a lobby and a game connection at least");
            assertTrue(samples.get("skirmish_snapshots_sent_total") > 0, "snapshots sent");
            assertTrue(samples.get("skirmish_websocket_idle_timer_bypassed_total") >= 2,
                    "Tyrus' per-message idle-timer task is bypassed on the real server's sessions");
            assertTrue(samples.get("skirmish_snapshot_bytes_total") > 0, "snapshot bytes");
            assertTrue(samples.get("skirmish_snapshot_interval_deviation_seconds_count") > 10,
                    "the regularity of snapshot rounds is measured");
            assertTrue(samples.get("process_cpu_seconds_total") > 0, "process CPU time");
            assertTrue(samples.get("skirmish_tick_duration_seconds_count") > 60, "ticks measured");
            assertTrue(samples.get("skirmish_room_tick_seconds_count") > 30, "the room's own ticks");
            assertTrue(samples.get("skirmish_lobby_push_seconds_count") > 5, "lobby push rounds measured (every 100 ms)");
            assertTrue(samples.get("skirmish_lobby_push_max_seconds") > 0, "the longest lobby push");
            assertTrue(samples.get("skirmish_input_held_ticks_total") > 0, "ticks applied with the held input");
            for (String name : new String[]{"skirmish_tick_overruns_total", "skirmish_input_queue_depth",
                    "skirmish_send_queue_depth", "skirmish_snapshots_skipped_total", "skirmish_jvm_gc_pause_seconds_count",
                    "skirmish_jvm_gc_collections_total", "skirmish_jvm_heap_used_bytes", "skirmish_input_latency_seconds_count",
                    "skirmish_snapshot_encode_seconds_count", "skirmish_input_late_runs_total"}) {
                assertTrue(samples.containsKey(name), name + " is exported");
            }
        }
    }

    private static boolean grown(Map<String, Double> s) {
        return s.getOrDefault("skirmish_snapshot_interval_deviation_seconds_count", 0.0) > 10
                && s.getOrDefault("skirmish_tick_duration_seconds_count", 0.0) > 60
                && s.getOrDefault("skirmish_room_tick_seconds_count", 0.0) > 30
                && s.getOrDefault("skirmish_input_held_ticks_total", 0.0) > 0
                && s.getOrDefault("skirmish_lobby_push_seconds_count", 0.0) > 5;
    }

    /** One read of /metrics: every sample line parses; values summed by metric name. */
    private static Map<String, Double> scrape(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            dev.skirmish.engine.metrics.PrometheusText.Sample sample = dev.skirmish.engine.metrics.PrometheusText.parse(line);
            assertTrue(sample != null, "not a Prometheus sample line: " + line);
            samples.merge(sample.name(), sample.value(), Double::sum);
        }
        return samples;
    }
}
