package dev.skirmish.engine.spi;

import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.ProtocolException;

/**
 * A game the engine can run: the one class a team writes to put its game on Skirmish (with its {@link GameWorld}
 * and its {@link Views}). The engine finds games with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.skirmish.engine.spi.Game}; it needs a public constructor without arguments.
 *
 * <p>Life cycle: the engine calls {@link #configure} once at start, then {@link #newWorld} for each new room and
 * {@link #restore} for each room handed over by another node. Everything else (seats, input queues and acks,
 * snapshot baselines and pacing, reconnects, spectators, the lobby, the cluster) is the engine's.
 *
 * @param <I> one tick of one player's input, as {@link #decodeInput} makes it
 */
public interface Game<I> {
    /** The game's name: lower-case letters and digits, unique on a server (for example {@code arena}). */
    String name();

    /**
     * The settings this game reads, each with its default. The engine's loader takes them like its own: from a
     * settings file, the environment ({@code SKIRMISH_} and the key in upper snake case) and system properties
     * ({@code skirmish.} and the key), and still refuses a key that neither the engine nor a game declares. Name
     * them after the game ({@code NAME.something}); two games may not declare the same key. Called before
     * {@link #configure}, on an instance made only for this.
     */
    default java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }

    /**
     * Keys of another game's {@link #settings()} that this game reads too: a mode registered as a game of its own
     * name reads its base game's (the arena's team match reads the arena's map and match times). The engine carries
     * their values in this game's replays, as it does those of its own keys, so that an offline check configures it
     * as the server did. The default is none.
     */
    default java.util.Set<String> sharedSettings() {
        return java.util.Set.of();
    }

    /**
     * Reads the settings once, before any world is made. Throw {@link IllegalArgumentException} naming the key for a
     * bad value: the deployment stops with that message.
     */
    void configure(GameContext context);

    /**
     * Ticks per second of this game's worlds, 0 for the server's {@code sim.rateHz}. It must divide the server's
     * rate (the tick loops run at that rate; a slower game's rooms tick every n-th time).
     */
    default int tickRateHz() {
        return 0;
    }

    /** Snapshot rounds per second, at most {@link #tickRateHz()}; 0 for the server's {@code snapshot.rateHz}. */
    default int snapshotRateHz() {
        return 0;
    }

    /** The most players one room of this game takes, 0 for the server's {@code room.maxCapacity}. */
    default int maxPlayers() {
        return 0;
    }

    /**
     * Bytes of one tick of input on the wire. The engine's INPUT frame carries one, INPUTS one to
     * {@link dev.skirmish.engine.spi.wire.Protocol#MAX_INPUTS_PER_FRAME}, each behind the engine's sequence number.
     */
    int inputBytes();

    /**
     * Whether a client's inputs stand for ticks (one input per tick, held between frames: docs/protocol.md,
     * "Holding"), the default, or are events numbered one after the other with nothing in between (light cycles'
     * turns): then the engine applies what arrives as it arrives and holds nothing.
     */
    default boolean inputsAreTicks() {
        return true;
    }

    /**
     * One tick of input of a synthetic player, as its bytes on the wire ({@link #inputBytes()} of them), for the
     * node's warm-up before it says ready (README.md, "Warm-up"): something like what players send, so
     * that the warm-up runs the paths real players will. The default is zero bytes; {@code random} is the synthetic
     * player's own, {@code tick} counts its ticks from 1.
     */
    default byte[] warmupInput(java.util.random.RandomGenerator random, long tick) {
        return new byte[inputBytes()];
    }

    /**
     * Decodes one tick of input: exactly {@link #inputBytes()} bytes. Called on WebSocket threads, so it must not
     * touch any world. A bad value throws a {@link ProtocolException} (the stream closes with its code and reason).
     *
     * @param seq the input's sequence number (the engine acknowledges it; the game may ignore it)
     */
    I decodeInput(long seq, ByteReader in) throws ProtocolException;

    /**
     * Whether the engine records this game's matches for replays (docs/replays.md): its worlds are deterministic
     * (the same saved state and the same calls give the same state, see {@link GameWorld}), {@link GameWorld#save}
     * is canonical (two equal states save to equal bytes), and {@link #encodeInput} writes every input back. The
     * default is no replays.
     */
    default boolean replays() {
        return false;
    }

    /**
     * Writes one tick of input ({@link #inputBytes()} bytes) and returns the sequence number with which
     * {@link #decodeInput} reads those bytes back into an equal input (a replay records both), also for an input
     * {@link GameWorld#heldInput} made. A game whose inputs do not keep their number returns any, for example 0.
     * Called on the tick thread; needed only when {@link #replays()}.
     */
    default long encodeInput(I input, ByteWriter out) {
        throw new UnsupportedOperationException("game " + name() + " records no replays");
    }

    /** A new world for a new room; {@code seed} is its only source of randomness. */
    GameWorld<I> newWorld(long seed);

    /**
     * A world saved by {@link GameWorld#save()} on another node of the same version, for a room handover.
     *
     * @throws IllegalArgumentException when the saved state does not fit this game's settings here
     */
    GameWorld<I> restore(byte[] saved);

    /**
     * Values the game's clients read from the lobby's welcome ({@code settings}), besides the engine's own (for
     * example the arena's {@code respawnSeconds}). Names must not clash with the engine's (docs/protocol.md).
     */
    default java.util.Map<String, Number> clientSettings() {
        return java.util.Map.of();
    }

    /** One line for the start-up log: what this game plays with (for example its map). */
    default String describe() {
        return name();
    }
}
