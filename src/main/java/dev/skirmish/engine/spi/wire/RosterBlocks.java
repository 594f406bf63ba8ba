package dev.skirmish.engine.spi.wire;

import dev.skirmish.engine.spi.RosterLine;
import java.util.Collection;

/**
 * The roster block of a snapshot, the same for every game: a full block or a delta against the version the client
 * has. A line is u16 entity id, one u16 per score, str8 name (at most 255 lines and 255 removals per block).
 *
 * <pre>
 * full:  u8 0, u16 version, u8 count, lines
 * delta: u8 1, u16 version, u16 base version, u8 count, lines (changed or new), u8 removed, u16 id each
 * </pre>
 */
public final class RosterBlocks {
    /** Roster block forms. */
    public static final int FULL = 0;
    public static final int DELTA = 1;

    private RosterBlocks() {
    }

    public static byte[] full(int version, Collection<RosterLine> lines) {
        ByteWriter w = new ByteWriter(5 + lines.size() * 24);
        w.u8(FULL).u16(version & 0xFFFF).u8(Math.min(255, lines.size()));
        lines(w, lines);
        return w.toByteArray();
    }

    public static byte[] delta(int version, int base, Collection<RosterLine> changed, Collection<Integer> removed) {
        ByteWriter w = new ByteWriter(8 + changed.size() * 24 + removed.size() * 2);
        w.u8(DELTA).u16(version & 0xFFFF).u16(base & 0xFFFF).u8(Math.min(255, changed.size()));
        lines(w, changed);
        w.u8(Math.min(255, removed.size()));
        int n = 0;
        for (int id : removed) {
            if (n++ == 255) {
                break;
            }
            w.u16(id);
        }
        return w.toByteArray();
    }

    private static void lines(ByteWriter w, Collection<RosterLine> lines) {
        int n = 0;
        for (RosterLine l : lines) {
            if (n++ == 255) {
                break;
            }
            w.u16(l.entityId());
            for (int i = 0; i < l.scoreCount(); i++) {
                w.u16(Math.max(0, Math.min(0xFFFF, l.score(i))));
            }
            w.str8(l.name());
        }
    }

    /**
     * Applies one roster block to a client's roster ({@code lines} by entity id, at {@code version}; -1: none) and
     * returns the new version.
     *
     * @param scores scores per line in this game
     */
    public static int apply(ByteReader r, java.util.Map<Integer, RosterLine> lines, int version, int scores)
            throws ProtocolException {
        int form = r.u8();
        if (form != FULL && form != DELTA) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown roster form " + form);
        }
        int next = r.u16();
        if (form == DELTA) {
            int base = r.u16();
            if (base != version) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD,
                        "roster delta against version " + base + ", client has " + version);
            }
        } else {
            lines.clear();
        }
        int count = r.u8();
        for (int i = 0; i < count; i++) {
            int id = r.u16();
            int[] values = new int[scores];
            for (int k = 0; k < scores; k++) {
                values[k] = r.u16();
            }
            lines.put(id, new RosterLine(id, r.str8(), values));
        }
        if (form == DELTA) {
            int removed = r.u8();
            for (int i = 0; i < removed; i++) {
                lines.remove(r.u16());
            }
        }
        return next;
    }
}
