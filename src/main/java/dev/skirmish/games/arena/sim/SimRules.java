package dev.skirmish.games.arena.sim;

/**
 * The rules and tuning constants of the arena game. Distances are in map units, times in seconds.
 *
 * @param tickRateHz      simulation rate; one {@link World#step} advances {@code 1 / tickRateHz} s
 * @param accel           acceleration while a movement key is held (units/s^2)
 * @param maxSpeed        speed cap (units/s)
 * @param friction        velocity damping per second (v -= v * friction * dt)
 * @param playerRadius    radius of a player's circle
 * @param maxHealth       health at spawn
 * @param projectileSpeed projectile speed (units/s)
 * @param projectileRadius projectile radius
 * @param projectileLifeSeconds time before a projectile expires
 * @param fireCooldownSeconds minimum time between two shots of one player
 * @param projectileDamage damage per hit
 * @param respawnSeconds  time from death to respawn
 * @param spawnProtectionSeconds time after spawning during which a player takes no damage
 * @param killLimit       kills that end a match
 * @param matchSeconds    match time limit
 * @param resultsSeconds  time the results are shown before the next match
 * @param countdownSeconds time from a second player's arrival (or the results) to the start of a match
 * @param maxRewindSeconds lag compensation cap: a shot is checked against targets at most this far in the past
 */
public record SimRules(int tickRateHz, double accel, double maxSpeed, double friction, double playerRadius,
                       int maxHealth, double projectileSpeed, double projectileRadius,
                       double projectileLifeSeconds, double fireCooldownSeconds, int projectileDamage,
                       double respawnSeconds, double spawnProtectionSeconds, int killLimit,
                       int matchSeconds, int resultsSeconds, int countdownSeconds, double maxRewindSeconds) {

    public SimRules {
        if (tickRateHz < 1 || tickRateHz > 240) {
            throw new IllegalArgumentException("tickRateHz must be 1..240, was " + tickRateHz);
        }
        if (killLimit < 1 || matchSeconds < 1 || resultsSeconds < 0 || countdownSeconds < 0) {
            throw new IllegalArgumentException("match limits must be positive");
        }
        if (!(maxRewindSeconds >= 0 && maxRewindSeconds <= World.HISTORY_SECONDS)) {
            throw new IllegalArgumentException("maxRewindSeconds must be 0.." + World.HISTORY_SECONDS);
        }
    }

    /** The reference game's defaults at the given simulation rate. */
    public static SimRules defaults(int tickRateHz) {
        return new SimRules(tickRateHz, 3000, 320, 8, 20, 100, 1100, 5, 1.0, 0.2, 20, 3.0, 1.5, 20, 300, 8, 5, 0.25);
    }

    /** Returns a copy with other match limits. */
    public SimRules withMatch(int killLimit, int matchSeconds, int resultsSeconds, int countdownSeconds) {
        return new SimRules(tickRateHz, accel, maxSpeed, friction, playerRadius, maxHealth, projectileSpeed,
                projectileRadius, projectileLifeSeconds, fireCooldownSeconds, projectileDamage, respawnSeconds,
                spawnProtectionSeconds, killLimit, matchSeconds, resultsSeconds, countdownSeconds, maxRewindSeconds);
    }

    /** Returns a copy with another lag compensation cap (0 turns lag compensation off). */
    public SimRules withMaxRewind(double seconds) {
        return new SimRules(tickRateHz, accel, maxSpeed, friction, playerRadius, maxHealth, projectileSpeed,
                projectileRadius, projectileLifeSeconds, fireCooldownSeconds, projectileDamage, respawnSeconds,
                spawnProtectionSeconds, killLimit, matchSeconds, resultsSeconds, countdownSeconds, seconds);
    }

    /** The lag compensation cap in ticks (fractional). */
    public double maxRewindTicks() {
        return maxRewindSeconds * tickRateHz;
    }

    /** Fixed step length in seconds. */
    public double dt() {
        return 1.0 / tickRateHz;
    }

    /** Converts seconds to a whole number of ticks (at least 1). */
    public int ticks(double seconds) {
        return Math.max(1, (int) Math.round(seconds * tickRateHz));
    }
}
