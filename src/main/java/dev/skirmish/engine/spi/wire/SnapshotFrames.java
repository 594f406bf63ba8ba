package dev.skirmish.engine.spi.wire;

import dev.skirmish.engine.spi.EventChunk;
import java.util.List;

/**
 * The engine's part of a SNAPSHOT frame, the same for every game (docs/protocol.md, "Snapshot"):
 *
 * <pre>
 * u8 op 0x81, u8 baseAge (0 = full; else this tick minus the baseline's), [u32 tick, full only]
 * engine bits: ack (full: 32 bits; delta: uv of the increase), match (full: phase 2 bits, phase end 32 bits;
 *              delta: 1 bit changed, then the same), event count (uv), roster flag (1 bit)
 * game bits and bytes: whatever the game writes (it aligns to a byte itself)
 * events (the game's encoding, event count of them), roster block ({@link RosterBlocks}) when flagged
 * </pre>
 * The server writes it with {@link #writeHeader} and {@link #writeTail} around the game's part; a client reads it
 * with {@link #readHeader}, the game's decoder, then the events and the roster.
 */
public final class SnapshotFrames {
    private SnapshotFrames() {
    }

    /** What the engine's part of a snapshot says; {@code baseAge} 0 for a full snapshot. */
    public record Header(int baseAge, long tick, long ackSeq, int phase, long phaseEndTick, int eventCount,
                         boolean roster) {
        public boolean full() {
            return baseAge == 0;
        }
    }

    /**
     * Writes the header into {@code w} (reset first). For a delta ({@code base} not null) the baseline's ack and
     * match fields are what the client holds.
     */
    public static void writeHeader(BitWriter w, Header next, Header base) {
        writeHeader(w, next.baseAge(), next.tick(), next.ackSeq(), next.phase(), next.phaseEndTick(),
                base == null ? 0 : base.ackSeq(), base == null ? 0 : base.phase(), base == null ? 0 : base.phaseEndTick(),
                next.eventCount(), next.roster());
    }

    /**
     * The same without a record (the server's path, which allocates nothing per viewer): the {@code base*} values
     * are ignored for a full snapshot ({@code baseAge} 0).
     */
    public static void writeHeader(BitWriter w, int baseAge, long tick, long ackSeq, int phase, long phaseEndTick,
                                   long baseAckSeq, int basePhase, long basePhaseEndTick, int eventCount,
                                   boolean roster) {
        w.reset().bits(Protocol.OP_SNAPSHOT, 8).bits(baseAge, 8);
        if (baseAge == 0) {
            w.u32(tick);
            w.bits(ackSeq, 32).bits(phase, 2).bits(phaseEndTick, 32);
        } else {
            w.uv(ackSeq - baseAckSeq);
            boolean match = phase != basePhase || phaseEndTick != basePhaseEndTick;
            w.bit(match);
            if (match) {
                w.bits(phase, 2).bits(phaseEndTick, 32);
            }
        }
        w.uv(eventCount).bit(roster);
    }

    /** How many events {@code chunks} hold. */
    public static int eventCount(List<EventChunk> chunks) {
        int n = 0;
        for (EventChunk c : chunks) {
            n += c.count();
        }
        return n;
    }

    /** Appends the events and the roster block (if any) after the game's part (which ended aligned). */
    public static void writeTail(BitWriter w, List<EventChunk> events, byte[] roster) {
        w.align();
        for (EventChunk c : events) {
            w.bytes(c.bytes());
        }
        if (roster != null) {
            w.bytes(roster);
        }
    }

    /**
     * Reads the header after the opcode. {@code base} is the client's previous header (null before the first
     * snapshot): a delta applies to it.
     */
    public static Header readHeader(BitReader r, Header base) throws ProtocolException {
        int age = r.ubits(8);
        long tick;
        long ack;
        int phase;
        long phaseEnd;
        if (age == 0) {
            tick = r.bits(32);
            ack = r.bits(32);
            phase = r.ubits(2);
            phaseEnd = r.bits(32);
        } else {
            if (base == null) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "delta snapshot without a baseline");
            }
            tick = (base.tick() + age) & 0xFFFFFFFFL;
            ack = (base.ackSeq() + r.uv()) & 0xFFFFFFFFL;
            phase = base.phase();
            phaseEnd = base.phaseEndTick();
            if (r.bit()) {
                phase = r.ubits(2);
                phaseEnd = r.bits(32);
            }
        }
        long events = r.uv();
        boolean roster = r.bit();
        return new Header(age, tick, ack, phase, phaseEnd, (int) Math.min(Integer.MAX_VALUE, events), roster);
    }
}
