package dev.skirmish.games.arena.sim;

/**
 * The part of the map the players may use: a rectangle centred on the map whose size fits the number of
 * players, so that two players meet as soon as eight do. Its half-width and half-height are whole 1/16 units
 * (the wire's position unit), so that the client's prediction confines its player exactly as the server does.
 *
 * <p>Size rule: an area of {@link #AREA_PER_PLAYER} square units per player in the world, with the map's
 * proportions, at least {@link #MIN_SIDE} units on its shorter side and at most the whole map. Each edge moves
 * towards that size at {@link #GROW_SPEED} units a second when players came, and at {@link #SHRINK_SPEED} when
 * they left, so that a player at the edge is pushed inwards gently.
 *
 * @param halfWidth16  half the area's width, in 1/16 units
 * @param halfHeight16 half its height, in 1/16 units
 */
public record PlayArea(int halfWidth16, int halfHeight16) {
    /** Square units of floor per player. */
    public static final double AREA_PER_PLAYER = 1_000_000;
    /** The area's shorter side is at least this (or the whole map when it is smaller). */
    public static final double MIN_SIDE = 1400;
    /** How fast each edge moves outwards, in units per second. */
    public static final double GROW_SPEED = 400;
    /** How fast each edge moves inwards, in units per second. */
    public static final double SHRINK_SPEED = 100;

    /** The whole map. */
    public static PlayArea full(GameMap map) {
        return new PlayArea(map.width() * 8, map.height() * 8);
    }

    /** The area that fits {@code players} players on {@code map}. */
    public static PlayArea target(GameMap map, int players) {
        double w = map.width();
        double h = map.height();
        double min = Math.min(1, MIN_SIDE / Math.min(w, h));
        double f = Math.max(min, Math.min(1, Math.sqrt(Math.max(1, players) * AREA_PER_PLAYER / (w * h))));
        return new PlayArea((int) Math.round(w * f * 8), (int) Math.round(h * f * 8));
    }

    /** This area one tick at {@code tickRateHz} closer to {@code target}; itself when it is there. */
    public PlayArea toward(PlayArea target, int tickRateHz) {
        if (equals(target)) {
            return this;
        }
        int grow = step16(GROW_SPEED, tickRateHz);
        int shrink = step16(SHRINK_SPEED, tickRateHz);
        return new PlayArea(approach(halfWidth16, target.halfWidth16, grow, shrink),
                approach(halfHeight16, target.halfHeight16, grow, shrink));
    }

    private static int approach(int from, int to, int grow, int shrink) {
        return from < to ? Math.min(to, from + grow) : Math.max(to, from - shrink);
    }

    /** A speed in units per second as a step per tick in 1/16 units (at least 1). */
    static int step16(double unitsPerSecond, int tickRateHz) {
        return Math.max(1, (int) (unitsPerSecond * 16 / tickRateHz));
    }

    public double left(GameMap map) {
        return map.width() / 2.0 - halfWidth16 / 16.0;
    }

    public double right(GameMap map) {
        return map.width() / 2.0 + halfWidth16 / 16.0;
    }

    public double top(GameMap map) {
        return map.height() / 2.0 - halfHeight16 / 16.0;
    }

    public double bottom(GameMap map) {
        return map.height() / 2.0 + halfHeight16 / 16.0;
    }

    /** Whether a circle of radius {@code r} at (x, y) lies wholly inside. */
    public boolean contains(GameMap map, double x, double y, double r) {
        return x - r >= left(map) && x + r <= right(map) && y - r >= top(map) && y + r <= bottom(map);
    }
}
