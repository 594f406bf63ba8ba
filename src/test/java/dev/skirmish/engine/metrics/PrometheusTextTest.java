package dev.skirmish.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP skirmish_rooms Open rooms.
            # TYPE skirmish_rooms gauge
            skirmish_rooms 2
            skirmish_closes_total{code="4002",name="SLOW_CLIENT"} 3
            skirmish_closes_total{code="4003",name="HEARTBEAT_TIMEOUT"} 4
            skirmish_tick_duration_seconds_bucket{thread="t0",le="+Inf"} 17
            skirmish_gc_max -1.5e-3
            """;

    @Test
    void samplesByNameAndBySeries() {
        assertEquals(Map.of("skirmish_rooms", 2.0, "skirmish_closes_total", 7.0,
                "skirmish_tick_duration_seconds_bucket", 17.0, "skirmish_gc_max", -0.0015), PrometheusText.totals(TEXT));
        Map<String, Double> all = PrometheusText.seriesAndTotals(TEXT);
        assertEquals(3.0, all.get("skirmish_closes_total{code=\"4002\",name=\"SLOW_CLIENT\"}"));
        assertEquals(7.0, all.get("skirmish_closes_total"));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusText.parse("x{le=\"1\"} +Inf").value());
        assertEquals("le=\"+Inf\"", PrometheusText.parse("x{le=\"+Inf\"} 1").labels());
    }

    @Test
    void commentsAndGarbageAreNoSamples() {
        assertNull(PrometheusText.parse("# TYPE x counter"));
        assertNull(PrometheusText.parse(""));
        assertNull(PrometheusText.parse("x{unclosed 1"));
        assertNull(PrometheusText.parse("x 1 2 3"));
        assertNull(PrometheusText.parse("x abc"));
        assertNull(PrometheusText.parse("x 1e"));
    }
}
