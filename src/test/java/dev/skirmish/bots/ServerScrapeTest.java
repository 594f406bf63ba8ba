package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerScrapeTest {
    private static String metrics(double ticksFast, double ticksSlow, double devSmall, double devLarge, double cpu) {
        return """
                # HELP skirmish_tick_duration_seconds Wall time of one tick.
                # TYPE skirmish_tick_duration_seconds histogram
                skirmish_tick_duration_seconds_bucket{loop="skirmish-tick-0",le="0.001"} %1$s
                skirmish_tick_duration_seconds_bucket{loop="skirmish-tick-0",le="0.004"} %1$s
                skirmish_tick_duration_seconds_bucket{loop="skirmish-tick-0",le="0.008"} %2$s
                skirmish_tick_duration_seconds_bucket{loop="skirmish-tick-0",le="+Inf"} %2$s
                skirmish_tick_duration_seconds_sum{loop="skirmish-tick-0"} 0.5
                skirmish_tick_duration_seconds_count{loop="skirmish-tick-0"} %2$s
                skirmish_snapshot_interval_deviation_seconds_bucket{loop="skirmish-tick-0",le="0.00025"} %3$s
                skirmish_snapshot_interval_deviation_seconds_bucket{loop="skirmish-tick-0",le="0.001"} %4$s
                skirmish_snapshot_interval_deviation_seconds_bucket{loop="skirmish-tick-0",le="+Inf"} %4$s
                skirmish_players 40
                skirmish_jvm_gc_pause_max_seconds 0.012
                process_cpu_seconds_total %5$s
                """.formatted(ticksFast, ticksSlow, devSmall, devLarge, cpu);
    }

    @Test
    void intervalFiguresComeFromTheDifferenceOfTwoScrapes() {
        ServerScrape.Tick a = ServerScrape.parse(metrics(100, 100, 50, 50, 10), 0);
        // the next 1000 ticks: 980 within 4 ms, 20 within 8 ms; 100 snapshot rounds, 98 within 0.25 ms
        ServerScrape.Tick b = ServerScrape.parse(metrics(1080, 1100, 148, 150, 10.5), 2_000_000_000L);
        double[] tick = b.since(a);
        assertEquals(8.0, tick[1], 1e-9, "20 of 1000 ticks above 4 ms: p99 is in the 8 ms bucket");
        assertEquals(1.0, b.deviationP99MsSince(a), 1e-9, "2 of 100 rounds between 0.25 and 1 ms: p99 in the 1 ms bucket");
        assertEquals(0.25, b.coresSince(a), 1e-9, "0.5 s of CPU in 2 s of wall time");
        assertEquals(40, b.players());
        assertEquals(0.012, b.gcMax(), 1e-12);
    }

    @Test
    void withoutNewTicksThereIsNoFigure() {
        ServerScrape.Tick a = ServerScrape.parse(metrics(100, 100, 50, 50, 10), 0);
        assertEquals(null, a.since(a));
        assertTrue(Double.isNaN(a.deviationP99MsSince(a)));
    }

    @Test
    void totalsSumEverySampleOfANameOverItsLabels() {
        java.util.Map<String, Double> t = ServerScrape.totals(metrics(100, 300, 50, 60, 10)
                + "skirmish_tick_duration_seconds_count{loop=\"skirmish-tick-1\"} 200\n"
                + "skirmish_lobby_push_max_seconds 0.25\nnot a sample\nskirmish_players NaN-ish\n");
        assertEquals(500, t.get("skirmish_tick_duration_seconds_count"), "300 on one tick thread, 200 on the other");
        assertEquals(0.25, t.get("skirmish_lobby_push_max_seconds"));
        assertEquals(40, t.get("skirmish_players"), "a value that is not a number is skipped");
        assertEquals(Double.POSITIVE_INFINITY, ServerScrape.totals("x_bucket{le=\"+Inf\"} +Inf\n").get("x_bucket"));
        assertEquals(null, t.get("#"), "comments are not samples");
    }
}
