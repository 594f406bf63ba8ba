package dev.skirmish.games.arena.sim;

import dev.skirmish.engine.spi.MatchPhase;

/** Something that happened during a tick and that clients show (hit markers, kill feed, match banners). */
public sealed interface GameEvent {

    /** A projectile of {@code attackerId} hit {@code victimId}. */
    record Hit(int attackerId, int victimId, int damage, int healthAfter) implements GameEvent {
    }

    /** {@code killerId} brought {@code victimId} to zero health. */
    record Kill(int killerId, int victimId) implements GameEvent {
    }

    /** {@code playerId} took the pickup of the map's spot {@code spot}. */
    record Pickup(int playerId, int spot, PickupSpot.Kind kind) implements GameEvent {
    }

    /** A player (re)entered the arena at (x, y). */
    record Respawn(int playerId, double x, double y) implements GameEvent {
    }

    /** The match changed phase; {@code winnerId} is the top scorer when a match ends (0 if none). */
    record MatchState(MatchPhase phase, int matchNumber, int winnerId) implements GameEvent {
    }

    /**
     * A player's connection dropped (its seat is held: {@code connected} false) or came back (true). The room
     * emits it, not the simulation.
     */
    record Connection(int playerId, boolean connected) implements GameEvent {
    }
}
