package dev.skirmish.games.cycles.protocol;

import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.WelcomeInfo;
import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.RosterBlocks;
import dev.skirmish.engine.spi.wire.SnapshotFrames;
import dev.skirmish.engine.spi.wire.StreamFrames;
import dev.skirmish.games.cycles.sim.TrackEvent;
import dev.skirmish.games.cycles.sim.TrackRules;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Java client's decoder of one light-cycle stream (tests, bots): WELCOME first, then snapshots applied to the
 * last one. After a {@link ProtocolException} on a snapshot the baseline is gone: send RESYNC.
 */
public final class CyclesDecoder {
    /** What a frame said. */
    public sealed interface Frame {
    }

    public record Welcome(WelcomeInfo info, TrackRules rules) implements Frame {
    }

    /** A snapshot applied: the header, the cycles now ({@link #cycles()}), the events and the roster if sent. */
    public record Snapshot(SnapshotFrames.Header header, List<TrackEvent> events, boolean rosterChanged) implements Frame {
    }

    /** PONG, MOVED or FOLLOWING: the engine's own frames, left to the caller. */
    public record Other(int op, ByteBuffer frame) implements Frame {
    }

    private final CycleTable cycles = new CycleTable();
    private final CycleTable scratch = new CycleTable();
    private final Map<Integer, RosterLine> roster = new TreeMap<>();
    private int rosterVersion = -1;
    private SnapshotFrames.Header last;
    private TrackRules rules;

    public Frame decode(ByteBuffer frame) throws ProtocolException {
        ByteBuffer b = frame.duplicate();
        if (!b.hasRemaining()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "empty frame");
        }
        int op = b.get() & 0xFF;
        if (op == Protocol.OP_WELCOME) {
            ByteReader r = new ByteReader(b);
            StreamFrames.WelcomeHeader h = StreamFrames.readWelcomeHeader(r);
            if (!h.game().equals(CyclesWire.GAME)) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a room of another game: " + h.game());
            }
            rules = CyclesWire.readWelcome(r, h.info().simRateHz());
            r.end();
            return new Welcome(h.info(), rules);
        }
        if (op != Protocol.OP_SNAPSHOT) {
            return new Other(op, frame.duplicate());
        }
        if (rules == null) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a snapshot before WELCOME");
        }
        BitReader bits = new BitReader(b);
        try {
            SnapshotFrames.Header h = SnapshotFrames.readHeader(bits, cycles.valid ? last : null);
            CyclesWire.decodeBody(bits, cycles, scratch, h.baseAge(), h.phase(), h.tick(), rules.width(), rules.height());
            ByteReader rest = bits.rest();
            List<TrackEvent> events = new ArrayList<>(Math.min(h.eventCount(), 1024));
            for (int i = 0; i < h.eventCount(); i++) {
                events.add(CyclesWire.readEvent(rest));
            }
            if (h.roster()) {
                rosterVersion = RosterBlocks.apply(rest, roster, rosterVersion, 2);
            }
            rest.end();
            last = h;
            return new Snapshot(h, events, h.roster());
        } catch (ProtocolException e) {
            cycles.valid = false;
            cycles.clear();
            roster.clear();
            rosterVersion = -1;
            throw e;
        }
    }

    /** The cycles as of the last snapshot (do not modify). */
    public CycleTable cycles() {
        return cycles;
    }

    /** The roster: wins and cuts by cycle id. */
    public Map<Integer, RosterLine> roster() {
        return roster;
    }

    /** The rules from WELCOME, or null before it. */
    public TrackRules rules() {
        return rules;
    }

    public boolean hasBaseline() {
        return cycles.valid;
    }
}
