package dev.skirmish.engine.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Prometheus text format that {@code /metrics} writes: one parser for the bots' scrape, the tools and
 * the tests. Plain Java.
 */
public final class PrometheusText {
    /** One label: its value may hold escaped quotes, backslashes and newlines. */
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(" + LABEL + "(?:," + LABEL + ")*)})?"
                    + " (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private PrometheusText() {
    }

    /** One sample: the metric name, its labels as written between the braces (empty when none), the value. */
    public record Sample(String name, String labels, double value) {
        /** The series: the name with its labels, as in the text ({@code name{a="b"}}). */
        public String series() {
            return labels.isEmpty() ? name : name + "{" + labels + "}";
        }
    }

    /** The sample on {@code line}, or null for a comment, an empty line or a line that is not a sample. */
    public static Sample parse(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String v = m.group(4);
        double value;
        try {
            value = switch (v) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
        } catch (NumberFormatException e) {
            return null; // e.g. "1e": digits and signs that are no number
        }
        return new Sample(m.group(1), m.group(3) == null ? "" : m.group(3), value);
    }

    /** Every sample, summed by metric name over its labels. */
    public static Map<String, Double> totals(String text) {
        Map<String, Double> sums = new TreeMap<>();
        for (String line : text.split("\n")) {
            Sample s = parse(line);
            if (s != null) {
                sums.merge(s.name(), s.value(), Double::sum);
            }
        }
        return sums;
    }

    /** Every series by its full name (with labels), and every metric name summed over its labels. */
    public static Map<String, Double> seriesAndTotals(String text) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            Sample s = parse(line);
            if (s != null) {
                if (!s.labels().isEmpty()) {
                    out.put(s.series(), s.value());
                }
                out.merge(s.name(), s.value(), Double::sum);
            }
        }
        return out;
    }
}
