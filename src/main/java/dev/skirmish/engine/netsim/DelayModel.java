package dev.skirmish.engine.netsim;

import java.util.SplittableRandom;

/**
 * When each frame sent into one direction of a simulated link comes out: latency plus jitter, held back by
 * bursts, and never before the frame sent ahead of it (TCP keeps order). Deterministic for a seed.
 */
public final class DelayModel {
    private static final long MS = 1_000_000L;
    private final NetConditions c;
    private final SplittableRandom random;
    private long lastDue = Long.MIN_VALUE;
    private long burstStart = Long.MIN_VALUE;
    private boolean started;

    public DelayModel(NetConditions conditions, long seed) {
        this.c = conditions;
        this.random = new SplittableRandom(seed);
    }

    /** The time (same clock as {@code nowNanos}) at which a frame sent at {@code nowNanos} is delivered. */
    public long due(long nowNanos) {
        long delay = c.latencyMillis() * MS;
        if (c.jitterMillis() > 0) {
            delay += random.nextLong(-c.jitterMillis() * MS, c.jitterMillis() * MS + 1);
        }
        long due = nowNanos + Math.max(0, delay);
        if (c.burstEveryMillis() > 0) {
            if (!started) {
                started = true;
                burstStart = nowNanos + gap();
            }
            long length = c.burstMillis() * MS;
            while (nowNanos >= burstStart + length) {
                burstStart += gap();
            }
            if (nowNanos >= burstStart) {
                due = Math.max(due, burstStart + length + c.latencyMillis() * MS);
            }
        }
        if (lastDue != Long.MIN_VALUE && due - lastDue < 0) {
            due = lastDue;
        }
        lastDue = due;
        return due;
    }

    private long gap() {
        long mean = c.burstEveryMillis() * MS;
        return mean / 2 + random.nextLong(mean + 1);
    }
}
