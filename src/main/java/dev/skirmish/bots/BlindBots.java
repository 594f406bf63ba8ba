package dev.skirmish.bots;

import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.SnapshotFrames;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.engine.spi.BotPilot;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Bots for a game the swarm does not know (a team's own, say): they read only the engine's parts of the stream (the
 * WELCOME header, each SNAPSHOT's header with its tick and ack) and send inputs of the game's size (the lobby's
 * {@code inputBytes}) whose bytes are all zero, the game's "nothing pressed" if it has one. Enough to load-test the
 * engine's path and a game's tick and snapshots; they do not play.
 */
final class BlindBots implements BotPilot {
    @Override
    public String game() {
        return "";
    }

    @Override
    public Player player(int index, Settings settings) {
        return new Play();
    }

    static final class Play implements Player {
        private volatile int inputBytes = -1;
        private SnapshotFrames.Header last;
        private volatile boolean welcomed;

        @Override
        public void lobbySettings(Map<String, Object> game) {
            Object n = game.get("inputBytes");
            if (n instanceof Number num) {
                inputBytes = num.intValue();
            }
        }

        @Override
        public synchronized Seen decode(ByteBuffer frame) throws ProtocolException {
            ByteBuffer b = frame.duplicate();
            int op = b.get() & 0xFF;
            if (op == Protocol.OP_WELCOME) {
                StreamFrames.WelcomeHeader h = StreamFrames.readWelcomeHeader(new ByteReader(b));
                welcomed = true;
                last = null;
                return new Seen(true, h.info().simRateHz(), h.info().snapshotRateHz(), false, 0, 0, false);
            }
            if (op == Protocol.OP_SNAPSHOT) {
                SnapshotFrames.Header h = SnapshotFrames.readHeader(new BitReader(b), last);
                last = h;
                return new Seen(false, 0, 0, true, h.tick(), h.ackSeq(), h.full());
            }
            return Seen.OTHER;
        }

        @Override
        public byte[] step() {
            return welcomed && inputBytes > 0 ? new byte[inputBytes] : null;
        }

        @Override
        public boolean urgent() {
            return false;
        }
    }
}
