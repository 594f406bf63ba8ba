package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.MatchPhase;

/**
 * A room as the lobby and the directory see it: identity, seats and match phase. Seat reservation is part of
 * it because a shared directory must count seats across nodes. {@link LocalRoom} is the room ticked on this node.
 */
public interface Room {

    String id();

    String name();

    int capacity();

    String mapName();

    /** The name of the game the room plays. */
    String game();

    MatchPhase phase();

    /** A private room is joined by its code only and never listed. */
    default boolean isPrivate() {
        return code() != null;
    }

    /** The join code of a private room, null for a public one. */
    String code();

    /** Seats reserved by a ticket or occupied. */
    int seatsTaken();

    boolean isClosed();

    /** Takes a seat if one is free and the room is open. */
    boolean tryReserveSeat();

    /** Gives back a seat taken by {@link #tryReserveSeat()} whose player never entered or has left. */
    void releaseSeat();
}
