package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.RosterBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The scoreboard as a client knows it, updated by the engine's full and delta roster blocks
 * ({@link RosterBlocks#apply}); the arena's three values are kills, deaths and team.
 */
final class RosterState {
    private final TreeMap<Integer, RosterLine> lines = new TreeMap<>();
    private int version = -1;

    void clear() {
        lines.clear();
        version = -1;
    }

    /** Reads one roster block and returns the whole roster after it. */
    ServerFrame.Roster apply(ByteReader r) throws ProtocolException {
        version = RosterBlocks.apply(r, lines, version, SnapshotEncoder.ROSTER_SCORES);
        List<ServerFrame.RosterEntry> players = new ArrayList<>(lines.size());
        for (RosterLine l : lines.values()) {
            players.add(new ServerFrame.RosterEntry(l.entityId(), l.score(0), l.score(1), l.name(), l.score(2)));
        }
        return new ServerFrame.Roster(version, players);
    }
}
