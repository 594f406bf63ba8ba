package dev.skirmish.bots;

import dev.skirmish.engine.spi.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a bot needs of the game it plays: a player per bot that decodes the game's stream and decides its inputs.
 * {@link Bot} does the rest for every game (lobby, stream, sequence numbers, batching, acknowledgements and what the
 * swarm measures). The games' players are {@link ArenaBots} and {@link CyclesBots}.
 */
interface BotGame {
    /** The games the swarm plays knowingly ({@code --game}); any other game it plays blind ({@link BlindBots}). */
    List<String> NAMES = List.of("arena", "cycles");

    /** What one server frame was, for the swarm's figures. */
    record Seen(boolean welcome, int simRateHz, int snapshotRateHz, boolean snapshot, long tick, long ackSeq, boolean full) {
        static final Seen OTHER = new Seen(false, 0, 0, false, 0, 0, false);
    }

    /** One bot's play of the game. Frames arrive on the stream's thread, steps on the swarm's clock thread. */
    interface Player {
        /** Decodes one frame from the server; a snapshot that fails throws (the bot asks for RESYNC). */
        Seen decode(ByteBuffer frame) throws ProtocolException;

        /**
         * One input step: the game's bytes of one input to send, or null for none this step. {@link #urgent()} then
         * says whether it should go out at once rather than wait to be batched with the next ones.
         */
        byte[] step();

        /** Whether the last input of {@link #step()} changed something that should not wait. */
        boolean urgent();

        /** The lobby's entry for this game ({@code settings.games[]}: name, inputBytes, rates), once greeted. */
        default void lobbySettings(java.util.Map<String, Object> game) {
        }
    }

    /** A player for bot number {@code index}. */
    Player player(int index, SwarmOptions options);

    /** The game called {@code name}. */
    static BotGame of(String name) {
        return switch (name) {
            case "arena" -> new ArenaBots();
            case "cycles" -> new CyclesBots();
            default -> new BlindBots();
        };
    }
}
