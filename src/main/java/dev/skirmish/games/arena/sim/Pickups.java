package dev.skirmish.games.arena.sim;

/**
 * What the pickups of a map give and how soon they come back. A pickup is taken by the first living player (in id
 * order) that touches it and can use it: health is left for a player at full health, a shield for one whose shield
 * is full. Deterministic: the world's tick and player order decide.
 */
public final class Pickups {
    /** Health a health pickup gives back (up to the maximum). */
    public static final int HEALTH = 50;
    /** The shield a shield pickup gives: damage taken before health. */
    public static final int SHIELD = 50;
    /** How much more a boosted player's hits do. */
    public static final double DAMAGE_FACTOR = 1.5;
    /** How long a damage pickup lasts. */
    public static final double DAMAGE_SECONDS = 10;
    /** A pickup's radius (a player touches it when their circles meet). */
    public static final double RADIUS = 18;

    private Pickups() {
    }

    /** Seconds until a taken pickup of this kind lies there again. */
    public static double respawnSeconds(PickupSpot.Kind kind) {
        return switch (kind) {
            case HEALTH -> 15;
            case SHIELD -> 25;
            case DAMAGE -> 30;
        };
    }
}
