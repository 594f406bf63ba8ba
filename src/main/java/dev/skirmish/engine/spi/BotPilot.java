package dev.skirmish.engine.spi;

import dev.skirmish.engine.spi.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A game's bot player for the swarm ({@code dev.skirmish.bots.Swarm --game NAME}): the swarm finds it with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.skirmish.engine.spi.BotPilot} on its class path) and
 * does everything else for every game: the lobby, the stream, sequence numbers, batching, acknowledgements and what
 * it measures. A game with no pilot is played blind (engine headers only, inputs of zero bytes). Not used by the
 * server; plain Java, deterministic for a given index.
 */
public interface BotPilot {
    /** The game it plays ({@link Game#name()}). */
    String game();

    /**
     * A player for bot number {@code index} (0, 1, ...); seed any randomness from it.
     *
     * @param settings the swarm's input rate and its options for games ({@code --fire false} is {@code fire=false})
     */
    Player player(int index, Settings settings);

    /** What the swarm tells a pilot. */
    record Settings(int inputHz, Map<String, String> options) {
        public Settings {
            options = Map.copyOf(options);
        }

        /** An option's value, or {@code otherwise}. */
        public String option(String name, String otherwise) {
            return options.getOrDefault(name, otherwise);
        }
    }

    /** What one server frame was, for the swarm's figures. */
    record Seen(boolean welcome, int simRateHz, int snapshotRateHz, boolean snapshot, long tick, long ackSeq,
                boolean full) {
        /** Neither a WELCOME nor a SNAPSHOT (PONG, FOLLOWING, MOVED, ...). */
        public static final Seen OTHER = new Seen(false, 0, 0, false, 0, 0, false);

        public static Seen welcome(int simRateHz, int snapshotRateHz) {
            return new Seen(true, simRateHz, snapshotRateHz, false, 0, 0, false);
        }

        public static Seen snapshot(long tick, long ackSeq, boolean full) {
            return new Seen(false, 0, 0, true, tick, ackSeq, full);
        }
    }

    /** One bot's play. Frames arrive on the stream's thread, steps on the swarm's clock thread. */
    interface Player {
        /** Decodes one frame from the server; a snapshot that fails throws (the bot asks for RESYNC). */
        Seen decode(ByteBuffer frame) throws ProtocolException;

        /**
         * One input step: the game's bytes of one input, or null for none this step; {@link #urgent()} then says
         * whether it should go out at once rather than wait to be batched with the next ones.
         */
        byte[] step();

        /** Whether the last input of {@link #step()} changed something that should not wait. */
        boolean urgent();

        /**
         * Whether input {@code next} continues a run whose first input is {@code run}, for sending on change
         * ({@link dev.skirmish.engine.spi.wire.InputSender.Rules}); by default when the bytes are equal.
         */
        default boolean sameRun(byte[] run, byte[] next) {
            return java.util.Arrays.equals(run, next);
        }

        /** How long a change that is not {@link #urgent()} may wait to be sent with the next ones; 0: at once. */
        default int changeDelayMillis() {
            return 0;
        }

        /** The lobby's entry for this game ({@code settings.games[]}: name, inputBytes, rates), once greeted. */
        default void lobbySettings(Map<String, Object> game) {
        }
    }
}
