package dev.skirmish.engine.spi;

/**
 * A world's random numbers (an engine helper for deterministic games): the SplitMix64 generator (a 64-bit counter stepped by a fixed odd constant and
 * mixed), chosen because its whole state is one {@code long} that a room handover can carry, so a restored
 * world draws the same numbers as the original. Not thread-safe; the tick thread owns it.
 */
public final class SeededRandom {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    /** A generator whose state starts at {@code seed} (also how a saved {@link #state()} is restored). */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The whole state: {@code new SeededRandom(state())} draws what this one draws next. */
    public long state() {
        return state;
    }

    public long nextLong() {
        long z = state += GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias (draws again in the rare case it would have some). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        while (true) {
            long r = nextLong() >>> 33; // 31 bits
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }
}
