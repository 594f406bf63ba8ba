package dev.skirmish.games.cycles.sim;

import dev.skirmish.engine.spi.MatchPhase;

/** Something that happened on the track during a tick, for the clients (crash flashes, the round banner, the feed). */
public sealed interface TrackEvent {
    /** Cycle {@code cycleId} crashed at cell (x, y): into the trail of {@code byId}, or a wall or its own trail (0). */
    record Crash(int cycleId, int byId, int x, int y) implements TrackEvent {
    }

    /** The round changed phase; {@code winnerId} is the last cycle riding when a round ends (0: a draw). */
    record Round(MatchPhase phase, int round, int winnerId) implements TrackEvent {
    }

    /** A player's connection dropped (its seat is held) or came back. */
    record Connection(int cycleId, boolean connected) implements TrackEvent {
    }
}
