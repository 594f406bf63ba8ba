package dev.skirmish.engine.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size histogram of durations: 10 microsecond buckets up to 100 ms, and one overflow bucket.
 * One thread records, any thread reads (values are approximate while recording goes on). {@link #view()}
 * takes a copy, and {@link View#since} gives the figures of an interval between two copies.
 */
public final class DurationHistogram {
    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 10_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    // single writer: plain read-modify-write on volatiles is safe here
    private volatile long count;
    private volatile long totalNanos;
    private volatile long maxNanos;

    public void record(long nanos) {
        long n = Math.max(0, nanos);
        int bucket = (int) Math.min(BUCKETS, n / BUCKET_NANOS);
        counts.incrementAndGet(bucket);
        count++;
        totalNanos += n;
        if (n > maxNanos) {
            maxNanos = n;
        }
    }

    public long count() {
        return count;
    }

    public long maxNanos() {
        return maxNanos;
    }

    public double meanNanos() {
        long c = count;
        return c == 0 ? 0 : (double) totalNanos / c;
    }

    /** Upper bound of the bucket holding quantile {@code q} (0..1), in nanoseconds; 0 when empty. */
    public long percentileNanos(double q) {
        return view().percentileNanos(q);
    }

    /** A copy of the current counts. */
    public View view() {
        long[] c = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            c[i] = counts.get(i);
        }
        return new View(c, totalNanos, maxNanos);
    }

    /** Counts at one moment; subtract an earlier view to get an interval. */
    public static final class View {
        private final long[] counts;
        private final long total;
        private final long totalNanos;
        private final long maxNanos;

        View(long[] counts, long totalNanos, long maxNanos) {
            this.counts = counts;
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            this.total = t;
            this.totalNanos = totalNanos;
            this.maxNanos = maxNanos;
        }

        /** The figures of what was recorded after {@code earlier}; the max is the bucket bound of the largest. */
        public View since(View earlier) {
            long[] d = new long[counts.length];
            long max = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = counts[i] - earlier.counts[i];
                if (d[i] > 0) {
                    max = i == BUCKETS ? maxNanos : (i + 1) * BUCKET_NANOS;
                }
            }
            return new View(d, totalNanos - earlier.totalNanos, max);
        }

        public long count() {
            return total;
        }

        /** Sum of the recorded durations, in nanoseconds. */
        public long totalNanos() {
            return totalNanos;
        }

        /** How many recorded values are at most {@code nanos} (to the 10 us bucket; for histogram exports). */
        public long countAtMost(long nanos) {
            int buckets = (int) Math.min(BUCKETS, Math.max(0, nanos / BUCKET_NANOS));
            long n = 0;
            for (int i = 0; i < buckets; i++) {
                n += counts[i];
            }
            return n;
        }

        public double meanNanos() {
            return total == 0 ? 0 : (double) totalNanos / total;
        }

        public long maxNanos() {
            return maxNanos;
        }

        public long percentileNanos(double q) {
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i <= BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i == BUCKETS ? maxNanos : (i + 1) * BUCKET_NANOS;
                }
            }
            return maxNanos;
        }
    }
}
