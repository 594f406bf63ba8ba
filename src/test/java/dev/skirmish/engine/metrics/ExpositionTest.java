package dev.skirmish.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
    private static String text(Exposition m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesStayAsGivenAndCountersKeepTheirTotal() throws IOException {
        Exposition m = new Exposition();
        m.gauge("skirmish_rooms", "Open rooms.", 2);
        m.counter("skirmish_internal_errors_total", "Bugs.", 0);
        m.counters("skirmish_closes_total", "Closes.").add(3, "code", "4002", "name", "SLOW_CLIENT")
                .add(4, "code", "4003", "name", "HEARTBEAT_TIMEOUT").done();
        String text = text(m);
        assertTrue(text.contains("# TYPE skirmish_closes_total counter\n"), text);
        assertTrue(text.contains("# HELP skirmish_rooms Open rooms.\n"), text);
        Map<String, Double> all = PrometheusText.seriesAndTotals(text);
        assertEquals(2.0, all.get("skirmish_rooms"));
        assertEquals(0.0, all.get("skirmish_internal_errors_total"));
        assertEquals(3.0, all.get("skirmish_closes_total{code=\"4002\",name=\"SLOW_CLIENT\"}"));
        assertEquals(7.0, all.get("skirmish_closes_total"));
        assertThrows(IllegalArgumentException.class, () -> m.counter("skirmish_rooms_opened", "No _total.", 1));
    }

    @Test
    void aHistogramHasCumulativeBucketsInSecondsWithItsSumAndCount() throws IOException {
        DurationHistogram h = new DurationHistogram();
        for (long micros : new long[]{50, 90, 200, 600, 3_000, 250_000}) {
            h.record(micros * 1_000);
        }
        Exposition m = new Exposition();
        m.histograms("skirmish_tick_duration_seconds", "Tick.", new double[]{0.0001, 0.001, 0.01})
                .add(h.view(), "loop", "skirmish-tick-0").done();
        Map<String, Double> all = PrometheusText.seriesAndTotals(text(m));
        String series = "skirmish_tick_duration_seconds_bucket{loop=\"skirmish-tick-0\",le=\"%s\"}";
        assertEquals(2.0, all.get(series.formatted("1.0E-4")), all.toString());
        assertEquals(4.0, all.get(series.formatted("0.001")));
        assertEquals(5.0, all.get(series.formatted("0.01")));
        assertEquals(6.0, all.get(series.formatted("+Inf")));
        assertEquals(6.0, all.get("skirmish_tick_duration_seconds_count"));
        assertEquals(0.25394, all.get("skirmish_tick_duration_seconds_sum"), 1e-9);
    }

    @Test
    void aSummaryGivesTheMedianThe99thAndTheMax() throws IOException {
        DurationHistogram h = new DurationHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 100_000L); // 0.1 ms .. 10 ms
        }
        Exposition m = new Exposition();
        m.summaries("skirmish_room_tick_seconds", "Room tick.").add(h.view(), "room", "R1").done();
        Map<String, Double> all = PrometheusText.seriesAndTotals(text(m));
        assertEquals(0.00501, all.get("skirmish_room_tick_seconds{room=\"R1\",quantile=\"0.5\"}"), 1e-9);
        assertEquals(0.00991, all.get("skirmish_room_tick_seconds{room=\"R1\",quantile=\"0.99\"}"), 1e-9);
        assertEquals(0.01, all.get("skirmish_room_tick_seconds{room=\"R1\",quantile=\"1.0\"}"), 1e-9);
        assertEquals(100.0, all.get("skirmish_room_tick_seconds_count{room=\"R1\"}"));
    }

    @Test
    void labelValuesAreEscapedAndReadBack() throws IOException {
        Exposition m = new Exposition();
        m.counters("skirmish_jvm_gc_collections_total", "Per collector.").add(5, "gc", "odd \"name\" \\ here").done();
        String text = text(m);
        assertTrue(text.contains("gc=\"odd \\\"name\\\" \\\\ here\""), text);
        assertEquals(5.0, PrometheusText.totals(text).get("skirmish_jvm_gc_collections_total"));
    }
}
