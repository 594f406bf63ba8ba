package dev.skirmish.engine.spi;

/** One viewer's snapshot of this round, as the engine hands it to {@link Views#write}. */
public interface Viewer {
    /** The viewer's own entity, or for a spectator the player it watches. */
    int entityId();

    /** Whether this is a spectator (no entity, no inputs). */
    boolean spectator();

    /** This frame's tick (the world's). */
    long tick();

    /** The snapshot round's number, counting from the room's start. */
    long round();

    /**
     * Whether the viewer's window is taller than wide (its client said so with VIEW): a game that selects by an
     * area of interest turns the box upright, so that a portrait window gets the same area as a landscape one.
     */
    default boolean portrait() {
        return false;
    }

}
