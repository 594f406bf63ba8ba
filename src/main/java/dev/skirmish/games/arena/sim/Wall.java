package dev.skirmish.games.arena.sim;

/** An axis-aligned solid rectangle of the map: top-left corner (x, y), width and height in map units. */
public record Wall(int x, int y, int w, int h) {
    public Wall {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("wall must have a positive size");
        }
    }
}
