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

    /** Players holding a seat: on their way with a ticket, or in the room (connected or held). */
    int seatsTaken();

    boolean isClosed();

    /**
     * Takes a seat for the player if the room is open and has one free; true at once if the player already holds
     * one here (a player never holds two).
     */
    boolean tryReserveSeat(String playerId);

    /**
     * A ticket that reserved a seat lapsed or was cancelled before its stream came: the seat is free again, unless
     * its player is in the room by now (then it keeps it).
     */
    void releaseTicket(String playerId);
}
