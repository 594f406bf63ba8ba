package dev.skirmish.engine.spi;

/**
 * What the engine tells a game at {@link Game#configure}: the fixed rates, the area of interest the engine's
 * helpers select by, and the server's settings by key.
 */
public interface GameContext {
    /**
     * The server's ticks per second ({@code sim.rateHz}): a game's worlds step at this rate unless
     * {@link Game#tickRateHz()} names a rate that divides it.
     */
    int simRateHz();

    /** The server's snapshot rounds per second ({@code snapshot.rateHz}), unless {@link Game#snapshotRateHz()}. */
    int snapshotRateHz();

    /** The most of a world a client shows, and the margin around it, for {@link Views} that select by distance. */
    InterestArea interest();

    /**
     * A setting's value (already merged from the defaults, the settings file, the environment and system
     * properties), or null when the key does not exist.
     */
    String setting(String key);
}
