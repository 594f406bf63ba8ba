package dev.skirmish.engine.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket of {@code burst} tokens refilled at {@code ratePerSecond}, with a flood verdict: an attempt
 * without a token is {@link Verdict#REJECTED}, and more than {@code maxRejectedPerSecond} rejections within one
 * second make it {@link Verdict#FLOOD} (the caller closes the connection). Thread-safe.
 */
public final class RateLimit {
    /** What one attempt got. */
    public enum Verdict { ALLOWED, REJECTED, FLOOD }

    private static final long SECOND_NANOS = 1_000_000_000L;
    private final double ratePerSecond;
    private final double burst;
    private final int maxRejectedPerSecond;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefillNanos;
    private long windowStartNanos;
    private int windowRejected;
    private long rejected;

    public RateLimit(double ratePerSecond, double burst, int maxRejectedPerSecond, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1 || maxRejectedPerSecond < 0) {
            throw new IllegalArgumentException("rate " + ratePerSecond + ", burst " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxRejectedPerSecond = maxRejectedPerSecond;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefillNanos = nanoClock.getAsLong();
        this.windowStartNanos = lastRefillNanos;
    }

    /** Takes one token if there is one. */
    public Verdict tryAcquire() {
        return tryAcquire(1);
    }

    /** Takes {@code n} tokens if there are that many (one attempt: a refusal counts once). */
    public synchronized Verdict tryAcquire(int n) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefillNanos) * ratePerSecond / SECOND_NANOS);
        lastRefillNanos = now;
        if (tokens >= n) {
            tokens -= n;
            return Verdict.ALLOWED;
        }
        rejected++;
        if (now - windowStartNanos >= SECOND_NANOS) {
            windowStartNanos = now;
            windowRejected = 0;
        }
        windowRejected++;
        return windowRejected > maxRejectedPerSecond ? Verdict.FLOOD : Verdict.REJECTED;
    }

    /** Attempts rejected since creation. */
    public synchronized long rejected() {
        return rejected;
    }
}
