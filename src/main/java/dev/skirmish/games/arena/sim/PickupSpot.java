package dev.skirmish.games.arena.sim;

/**
 * A place on a map where a pickup lies and comes back after it was taken (map line {@code pickup X Y KIND}).
 *
 * @param x    centre, map units
 * @param y    centre, map units
 * @param kind what it gives
 */
public record PickupSpot(int x, int y, Kind kind) {
    /** What a pickup gives the player who touches it. */
    public enum Kind {
        /** Health back, up to the maximum; left lying for a player at full health. */
        HEALTH,
        /** A shield that takes damage before health; left lying for a player whose shield is full. */
        SHIELD,
        /** More damage per hit for a while. */
        DAMAGE;

        /** The map file's word for it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(String word) {
            for (Kind k : values()) {
                if (k.word().equals(word)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown pickup '" + word + "' (health, shield or damage)");
        }
    }
}
