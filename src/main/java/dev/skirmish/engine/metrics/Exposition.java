package dev.skirmish.engine.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One scrape of {@code /metrics}, built from the server's own counters and {@link DurationHistogram}s and written
 * by the Prometheus Java client's text writer (format 0.0.4: escaping, cumulative buckets, {@code _sum},
 * {@code _count} and {@code _total} are the library's). The tick path records into its own single-writer
 * histograms and never touches the library; a scrape reads them here. Names are given as they appear in the text
 * (counters with their {@code _total}). Plain Java.
 */
public final class Exposition {
    /** The content type of {@link #write}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final String TOTAL = "_total";

    private final List<MetricSnapshot> metrics = new ArrayList<>();

    /** A gauge without labels. */
    public void gauge(String name, String help, double value) {
        gauges(name, help).add(value).done();
    }

    /** A counter without labels; {@code name} ends with {@code _total}. */
    public void counter(String name, String help, double value) {
        counters(name, help).add(value).done();
    }

    /** A gauge with labelled series: {@code add(value, "label", "value", ...)} each, then {@link Series#done}. */
    public Series gauges(String name, String help) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        return new Series(() -> metrics.add(family.build()), (value, labels) -> family.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels).build()));
    }

    /** A counter with labelled series; {@code name} ends with {@code _total}. */
    public Series counters(String name, String help) {
        if (!name.endsWith(TOTAL)) {
            throw new IllegalArgumentException("a counter's name ends with _total: " + name);
        }
        CounterSnapshot.Builder family = CounterSnapshot.builder()
                .name(name.substring(0, name.length() - TOTAL.length())).help(help);
        return new Series(() -> metrics.add(family.build()), (value, labels) -> family.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder().value(Math.max(0, value)).labels(labels).build()));
    }

    /** A histogram of durations (exported in seconds) with the bucket bounds {@code bounds}, in seconds. */
    public Histograms histograms(String name, String help, double[] bounds) {
        HistogramSnapshot.Builder family = HistogramSnapshot.builder().name(name).help(help);
        return new Histograms(family, bounds);
    }

    /** Summaries of durations (p50, p99 and the max as quantile 1), in seconds. */
    public Summaries summaries(String name, String help) {
        return new Summaries(SummarySnapshot.builder().name(name).help(help));
    }

    /** Writes every metric added so far. */
    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(metrics), EscapingScheme.UNDERSCORE_ESCAPING);
    }

    /** Adds one data point of a family. */
    private interface Point {
        void add(double value, Labels labels);
    }

    /** The series of one gauge or counter. */
    public static final class Series {
        private final Runnable done;
        private final Point point;

        private Series(Runnable done, Point point) {
            this.done = done;
            this.point = point;
        }

        /** One series: its value and its labels as name, value pairs. */
        public Series add(double value, String... labels) {
            point.add(value, Labels.of(labels));
            return this;
        }

        /** Ends the family; one without series is left out of the text (as the library writes it). */
        public void done() {
            done.run();
        }
    }

    /** The series of one histogram family. */
    public final class Histograms {
        private final HistogramSnapshot.Builder family;
        private final double[] bounds;

        private Histograms(HistogramSnapshot.Builder family, double[] bounds) {
            this.family = family;
            this.bounds = bounds.clone();
        }

        /** One series from a view of a {@link DurationHistogram}, with its labels as name, value pairs. */
        public Histograms add(DurationHistogram.View view, String... labels) {
            // the library takes the count of each bucket alone and writes them cumulated
            double[] upper = new double[bounds.length + 1];
            long[] counts = new long[bounds.length + 1];
            long below = 0;
            for (int i = 0; i < bounds.length; i++) {
                long atMost = view.countAtMost((long) (bounds[i] * 1e9));
                upper[i] = bounds[i];
                counts[i] = atMost - below;
                below = atMost;
            }
            upper[bounds.length] = Double.POSITIVE_INFINITY;
            counts[bounds.length] = view.count() - below;
            family.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
                    .sum(view.totalNanos() / 1e9).labels(Labels.of(labels)).build());
            return this;
        }

        public void done() {
            metrics.add(family.build());
        }
    }

    /** The series of one summary family. */
    public final class Summaries {
        private final SummarySnapshot.Builder family;

        private Summaries(SummarySnapshot.Builder family) {
            this.family = family;
        }

        /** One series from a view of a {@link DurationHistogram}: p50, p99, max (quantile 1), sum and count. */
        public Summaries add(DurationHistogram.View v, String... labels) {
            family.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .quantiles(Quantiles.of(new Quantile(0.5, v.percentileNanos(0.5) / 1e9),
                            new Quantile(0.99, v.percentileNanos(0.99) / 1e9), new Quantile(1, v.maxNanos() / 1e9)))
                    .sum(v.totalNanos() / 1e9).count(v.count()).labels(Labels.of(labels)).build());
            return this;
        }

        public void done() {
            metrics.add(family.build());
        }
    }
}
