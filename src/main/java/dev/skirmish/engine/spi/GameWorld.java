package dev.skirmish.engine.spi;

import dev.skirmish.engine.spi.wire.ByteWriter;
import java.util.List;
import java.util.Map;

/**
 * One room's game state. Exactly one thread (the room's tick thread) calls its methods, in this order each tick:
 * joins, drops and leaves, then {@link #step}, then, when a snapshot round is due, {@link #takeEvents} and the
 * room's {@link Views}. It must be deterministic: the same seed, settings and calls give the same state.
 *
 * <p>Entity ids: {@link #join} gives each player an entity id from 1 to 65535; the engine keeps it with the
 * player's seat, hands that player's inputs to {@link #step} under it, and asks the views for that entity's view.
 *
 * @param <I> one tick of one player's input
 */
public interface GameWorld<I> {
    /** Steps taken so far. */
    long tick();

    /** Where the match is; the lobby lists it and the snapshots carry it. */
    MatchPhase phase();

    /** The tick at which the current phase ends, 0 when it has no set end (the snapshots carry it). */
    long phaseEndTick();

    /** The name of the map or level, shown in the room list. */
    String mapName();

    /**
     * A player enters the world; returns its entity id.
     *
     * @throws IllegalStateException when the world has no room for another player (the engine refuses the seat)
     */
    int join(String nickname);

    /**
     * A player's stream dropped and its seat is held for it: the entity stays, but the player is not there (the
     * arena makes it untouchable). May emit an event. The engine calls {@link #rejoin} or {@link #leave} later.
     */
    void hold(int entityId);

    /** A held player's stream is back: the entity plays again. */
    void rejoin(int entityId);

    /** The player is gone for good (left, or its hold ran out): remove its entity. Unknown ids are ignored. */
    void leave(int entityId);

    /** Whether the entity is a player in this world (one a spectator can watch). */
    boolean has(int entityId);

    /**
     * The input of tick {@code seq} for a player whose input at the tick before was {@code last} and whose client has
     * not described tick {@code seq} (yet): the engine holds a player's input between the frames of a client that
     * sends only changes and keep-alives, and expands a run of ticks from its first input (docs/protocol.md,
     * "Holding"). The default holds {@code last} as it is; a game returns what a held control means, for example
     * the arena advances the view tick by one per tick and light cycles turn only once. Pure: called by the tick
     * thread, it must not touch the world.
     */
    default I heldInput(I last, long seq) {
        return last;
    }

    /**
     * Advances one fixed tick.
     *
     * @param inputs each player's inputs for this tick, oldest first, by entity id (at most {@code input.maxPerTick}
     *               each); a player without an entry sent nothing for this tick
     */
    void step(Map<Integer, ? extends List<I>> inputs);

    /**
     * The events since the last call, encoded for the snapshots (the engine keeps 16 rounds of them, so that a
     * client whose snapshots were skipped loses none). Called once per snapshot round.
     */
    EventChunk takeEvents();

    /** Changes whenever a line of {@link #roster} may have changed (scores, names). */
    int rosterVersion();

    /** The scoreboard: one line per player, in entity id order. Called only when {@link #rosterVersion} changed. */
    void roster(List<RosterLine> out);

    /** The entity a new spectator watches first (for example the leader), 0 when there is nobody to watch. */
    int featured();

    /**
     * The game's part of the WELCOME frame for a player ({@code info.selfId()} its entity) or a spectator (self id
     * 0): whatever the client needs to play (rules, map), appended to {@code out} after the engine's header.
     */
    void welcome(WelcomeInfo info, ByteWriter out);

    /** The snapshot writer of this world (one per room, used on the tick thread only). */
    Views<?> views();

    /** The whole state, for a room handover ({@link Game#restore}). Events not yet taken are not part of it. */
    byte[] save();
}
