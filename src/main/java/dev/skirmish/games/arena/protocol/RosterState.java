package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.ProtocolException;

import java.util.ArrayList;
import java.util.TreeMap;

/** The scoreboard as a client knows it, updated by full and delta roster blocks. */
final class RosterState {
    private final TreeMap<Integer, ServerFrame.RosterEntry> players = new TreeMap<>();
    private int version = -1;

    void clear() {
        players.clear();
        version = -1;
    }

    /** Reads one roster block and returns the whole roster after it. */
    ServerFrame.Roster apply(ByteReader r) throws ProtocolException {
        int form = r.u8();
        if (form != SnapshotEncoder.ROSTER_FULL && form != SnapshotEncoder.ROSTER_DELTA) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "unknown roster form " + form);
        }
        int next = r.u16();
        if (form == SnapshotEncoder.ROSTER_DELTA) {
            int base = r.u16();
            if (base != version) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD,
                        "roster delta against version " + base + ", client has " + version);
            }
        } else {
            players.clear();
        }
        int count = r.u8();
        for (int i = 0; i < count; i++) {
            ServerFrame.RosterEntry e = new ServerFrame.RosterEntry(r.u16(), r.u16(), r.u16(), r.str8());
            players.put(e.id(), e);
        }
        if (form == SnapshotEncoder.ROSTER_DELTA) {
            int removed = r.u8();
            for (int i = 0; i < removed; i++) {
                players.remove(r.u16());
            }
        }
        version = next;
        return new ServerFrame.Roster(version, new ArrayList<>(players.values()));
    }
}
