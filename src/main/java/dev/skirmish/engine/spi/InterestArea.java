package dev.skirmish.engine.spi;

/**
 * What each player is sent: the entities within a box centred on its own player, {@code viewWidth x
 * viewHeight} map units (the most a client shows; it gets the size in its welcome) plus {@code margin} on
 * every side (twice that for projectiles, which are fast). An entity already known to the client stays until
 * it is a further margin away, so that one moving along the edge does not enter and leave every snapshot.
 */
public record InterestArea(int viewWidth, int viewHeight, int margin) {
    /** No interest management: every entity of the map (up to 4096 x 4096 units) goes to everybody. */
    public static final InterestArea WHOLE_MAP = new InterestArea(8192, 8192, 0);

    public InterestArea {
        if (viewWidth < 1 || viewHeight < 1 || margin < 0) {
            throw new IllegalArgumentException("bad interest area " + viewWidth + "x" + viewHeight + "+" + margin);
        }
    }
}
