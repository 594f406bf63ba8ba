package dev.skirmish.games.cycles.sim;

/**
 * The rules of a light-cycle track: its size in cells, the tick rate (one cell per tick), and how long each part of
 * a round lasts, in ticks.
 *
 * @param width          cells across (16 to 128)
 * @param height         cells down (16 to 128)
 * @param tickRateHz     ticks (cells moved) per second
 * @param countdownTicks from the line-up to the start
 * @param roundTicks     the longest a round lasts; then it is a draw
 * @param resultsTicks   the winner shown before the next line-up
 * @param respawnTicks   free play (one player): from a crash to the next ride
 */
public record TrackRules(int width, int height, int tickRateHz, int countdownTicks, int roundTicks, int resultsTicks,
                         int respawnTicks) {
    /** The most cells a side may have (positions are 7 bits on the wire). */
    public static final int MAX_SIDE = 128;

    public TrackRules {
        if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("a track is 16 to " + MAX_SIDE + " cells a side, not " + width + "x"
                    + height);
        }
        if (tickRateHz < 1 || countdownTicks < 0 || roundTicks < 1 || resultsTicks < 1 || respawnTicks < 1) {
            throw new IllegalArgumentException("bad track timings");
        }
    }

    /** The default timings at {@code tickRateHz}: 3 s line-up, 120 s rounds, 3 s results, 1 s respawn. */
    public static TrackRules of(int width, int height, int tickRateHz) {
        return new TrackRules(width, height, tickRateHz, 3 * tickRateHz, 120 * tickRateHz, 3 * tickRateHz, tickRateHz);
    }
}
