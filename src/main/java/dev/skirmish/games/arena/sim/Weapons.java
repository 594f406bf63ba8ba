package dev.skirmish.games.arena.sim;

/**
 * The arena's two guns. The blaster ({@link Buttons#FIRE}) is the rules' projectile: quick, light shots. The rail
 * ({@link Buttons#ALT_FIRE}) is the other rhythm: one fast, heavy slug a second, with less reach. Both share one
 * cooldown: a rail shot delays the next blaster shot too, so that holding both buttons is no better than choosing.
 */
public final class Weapons {
    /** A projectile's weapon: the blaster (the rules' projectile) or the rail. */
    public static final int BLASTER = 0;
    public static final int RAIL = 1;
    /** The rail slug's speed (units/s). */
    public static final double RAIL_SPEED = 2400;
    /** Damage of one rail hit (before a damage pickup's factor). */
    public static final int RAIL_DAMAGE = 45;
    /** Time after a rail shot before either gun fires again. */
    public static final double RAIL_COOLDOWN_SECONDS = 1.0;
    /** The rail slug's flight time (its reach is speed times this: 1,440 units). */
    public static final double RAIL_LIFE_SECONDS = 0.6;

    private Weapons() {
    }

    /** Damage of one hit of {@code weapon} under {@code rules}, boosted or not. */
    public static int damage(int weapon, SimRules rules, boolean boosted) {
        int base = weapon == RAIL ? RAIL_DAMAGE : rules.projectileDamage();
        return boosted ? (int) Math.round(base * Pickups.DAMAGE_FACTOR) : base;
    }
}
