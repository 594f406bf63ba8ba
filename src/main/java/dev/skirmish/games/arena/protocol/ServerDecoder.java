package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Decodes the frames of one game stream in order, keeping the last snapshot as the baseline of the next
 * delta. Used by the tests, the tools and the bots; the browser's copy is webapp-client/js/snapshot.js.
 * After a {@link ProtocolException} on a snapshot the baseline is gone: send {@link Protocol#OP_RESYNC} and
 * wait for a full snapshot.
 */
public final class ServerDecoder {
    private final SnapshotState state = new SnapshotState();
    private final EntityTable scratch = new EntityTable();
    private final RosterState roster = new RosterState();

    public ServerFrame decode(ByteBuffer frame) throws ProtocolException {
        ByteBuffer b = frame.duplicate();
        if (!b.hasRemaining()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "empty frame");
        }
        int op = b.get() & 0xFF;
        if (op != Protocol.OP_SNAPSHOT) {
            return ServerFrames.decodeStateless(op, new ByteReader(b));
        }
        BitReader bits = new BitReader(b);
        try {
            SnapshotCodec.Tail tail = SnapshotCodec.decode(bits, state, scratch);
            return ServerFrames.finishSnapshot(state, tail.full(), tail.eventCount(), tail.roster() ? roster : null,
                    tail.radar(), bits.rest());
        } catch (ProtocolException e) {
            state.valid = false;
            roster.clear();
            throw e;
        }
    }

    /** The client's view after the last snapshot (do not modify). */
    public SnapshotState state() {
        return state;
    }

    /** Whether a baseline is held (false before the first snapshot and after a failed one). */
    public boolean hasBaseline() {
        return state.valid;
    }
}
