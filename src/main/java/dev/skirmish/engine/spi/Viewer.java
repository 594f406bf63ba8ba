package dev.skirmish.engine.spi;

import java.util.List;

/** One viewer's snapshot of this round, as the engine hands it to {@link Views#write}. */
public interface Viewer {
    /** The viewer's own entity, or for a spectator the player it watches. */
    int entityId();

    /** Whether this is a spectator (no entity, no inputs). */
    boolean spectator();

    /** The last input sequence number the world received for this player (0 for spectators). */
    long ackSeq();

    /** The snapshot round's number, counting from the room's start. */
    long round();

    /** The events since this viewer's previous snapshot, oldest first (never more than 16 rounds). */
    List<EventChunk> events();

    /** The roster block to send ({@link dev.skirmish.engine.spi.wire.RosterBlocks}), or null when unchanged. */
    byte[] roster();
}
