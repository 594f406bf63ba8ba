package dev.skirmish.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size histogram of durations: 10 microsecond buckets up to 100 ms, and one overflow bucket.
 * One thread records, any thread reads (values are approximate while recording goes on).
 */
public final class DurationHistogram {
    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 10_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
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
        long c = count;
        if (c == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * c);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i == BUCKETS ? maxNanos : (i + 1) * BUCKET_NANOS;
            }
        }
        return maxNanos;
    }
}
