package dev.skirmish.room;

/**
 * A player's place in a room: identity, game connection and input queue. Created when a game stream claims
 * its ticket; the tick thread puts it into the world and owns the fields below the line.
 */
public final class Seat {
    private final String playerId;
    private final String nickname;
    private final GameConnection connection;
    private final InputQueue inputs;
    private final boolean reservedSeat;

    // tick thread only
    int entityId;
    boolean inWorld;
    long lastSnapshotSent;
    int rosterVersionSent = -1;

    /**
     * @param reservedSeat whether a seat was reserved for this stream (a fresh join) rather than taken back
     *                     (a resume)
     */
    public Seat(String playerId, String nickname, GameConnection connection, InputQueue inputs, boolean reservedSeat) {
        this.playerId = playerId;
        this.nickname = nickname;
        this.connection = connection;
        this.inputs = inputs;
        this.reservedSeat = reservedSeat;
    }

    /** Whether this stream's join reserved a seat of its own. */
    public boolean reservedSeat() {
        return reservedSeat;
    }

    public String playerId() {
        return playerId;
    }

    public String nickname() {
        return nickname;
    }

    public GameConnection connection() {
        return connection;
    }

    public InputQueue inputs() {
        return inputs;
    }
}
