package dev.skirmish.games.cycles.sim;

/**
 * One input of a rider: turn left (-1), right (+1), or nothing (0: a keep-alive). A cycle takes at most one turn
 * per tick; turns that come faster wait (at most {@link Cycle#MAX_PENDING_TURNS}).
 */
public record Steer(int turn) {
    public static final Steer LEFT = new Steer(-1);
    public static final Steer RIGHT = new Steer(1);
    public static final Steer NONE = new Steer(0);

    public Steer {
        if (turn < -1 || turn > 1) {
            throw new IllegalArgumentException("a turn is -1, 0 or +1, not " + turn);
        }
    }
}
