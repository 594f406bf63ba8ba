package dev.skirmish.engine.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.games.arena.protocol.SnapshotEncoder;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.World;
import org.junit.jupiter.api.Test;

/** Roster blocks: full for a new client, only the changes for one that has an earlier version. */
class RosterLogTest {
    private static final GameMap MAP = GameMap.parse("size 1000 1000\nspawn 300 500\nspawn 700 500\n");

    private static java.util.List<dev.skirmish.engine.spi.RosterLine> lines(World w) {
        return w.players().stream().map(p -> SnapshotEncoder.line(p.id(), p.name(), p.kills(), p.deaths(), p.team())).toList();
    }

    @Test
    void aClientWithAnEarlierVersionGetsOnlyTheChanges() {
        World w = new World(MAP, SimRules.defaults(60), 1);
        for (int i = 0; i < 32; i++) {
            w.addPlayer("player-number-" + i);
        }
        RosterLog log = new RosterLog();
        log.update(1, lines(w));
        byte[] full = log.encodeFor(-1);
        assertEquals(SnapshotEncoder.ROSTER_FULL, full[0]);
        assertNull(log.encodeFor(1), "up to date");
        w.removePlayer(5);
        w.addPlayer("late");  // takes id 5 again, with another name
        w.removePlayer(9);
        log.update(2, lines(w));
        byte[] delta = log.encodeFor(1);
        assertEquals(SnapshotEncoder.ROSTER_DELTA, delta[0]);
        // u8 form, u16 version, u16 base, u8 1 changed (id 5 "late": u16 id, 3 u16 values, str8: 8 + 1 + 4 bytes),
        // u8 1 removed, u16 id 9
        assertEquals(1 + 2 + 2 + 1 + 13 + 1 + 2, delta.length);
        assertTrue(full.length > 10 * delta.length);
        assertEquals(SnapshotEncoder.ROSTER_FULL, log.encodeFor(-1)[0]);
    }

    @Test
    void aClientOlderThanTheRememberedRemovalsGetsTheFullRoster() {
        World w = new World(MAP, SimRules.defaults(60), 1);
        w.addPlayer("stays");
        RosterLog log = new RosterLog();
        log.update(1, lines(w));
        for (int v = 2; v < 2 + RosterLog.MAX_REMOVALS + 1; v++) {
            int id = w.addPlayer("brief" + v);
            log.update(v, lines(w));
            w.removePlayer(id);
            log.update(v + 1000, lines(w));
        }
        assertEquals(SnapshotEncoder.ROSTER_FULL, log.encodeFor(1)[0]);
    }
}
