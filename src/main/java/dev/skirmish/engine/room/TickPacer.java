package dev.skirmish.engine.room;

/**
 * Drift-free tick timing, as pure arithmetic over a nanosecond clock: tick n is due at
 * {@code base + n * period} whatever the earlier ticks cost. A late loop runs due ticks back to back, but
 * when it is more than {@code maxCatchUpTicks} periods behind it drops the backlog and restarts the schedule
 * from now, rather than bursting. {@link #awaitDeadline} is the one wait of the loops that run on it (the tick loops
 * and the replay theatre).
 */
public final class TickPacer {
    private final long periodNanos;
    private final int maxCatchUpTicks;
    private long baseNanos;
    private long ticks;
    private long resets;
    private long droppedTicks;

    public TickPacer(long periodNanos, int maxCatchUpTicks, long nowNanos) {
        if (periodNanos <= 0 || maxCatchUpTicks < 1) {
            throw new IllegalArgumentException("period and catch-up cap must be positive");
        }
        this.periodNanos = periodNanos;
        this.maxCatchUpTicks = maxCatchUpTicks;
        this.baseNanos = nowNanos;
    }

    public static TickPacer ofRate(int hz, int maxCatchUpTicks, long nowNanos) {
        return new TickPacer(1_000_000_000L / hz, maxCatchUpTicks, nowNanos);
    }

    /**
     * Parks the calling thread until the next tick is due: true then, false as soon as {@code running} says false
     * or the thread is interrupted (its loop ends).
     */
    public boolean awaitDeadline(java.util.function.LongSupplier clock, java.util.function.BooleanSupplier running) {
        while (running.getAsBoolean()) {
            long wait = nextDeadline() - clock.getAsLong();
            if (wait <= 0) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                return false;
            }
        }
        return false;
    }

    /** When the next tick is due. */
    public long nextDeadline() {
        return baseNanos + ticks * periodNanos;
    }

    /** Records that the due tick ran and, if the loop fell too far behind, restarts the schedule at {@code now}. */
    public void tickDone(long nowNanos) {
        ticks++;
        long behind = nowNanos - nextDeadline();
        if (behind > (long) maxCatchUpTicks * periodNanos) {
            droppedTicks += behind / periodNanos;
            baseNanos = nowNanos;
            ticks = 0;
            resets++;
        }
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** Times the schedule was restarted after a stall. */
    public long resets() {
        return resets;
    }

    /** Ticks never run because of those restarts. */
    public long droppedTicks() {
        return droppedTicks;
    }
}
