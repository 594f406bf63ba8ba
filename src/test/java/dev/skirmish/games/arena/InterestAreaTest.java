package dev.skirmish.games.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.InterestArea;
import dev.skirmish.games.arena.protocol.EntityTable;
import dev.skirmish.games.arena.sim.GameMap;
import dev.skirmish.games.arena.sim.Player;
import dev.skirmish.games.arena.sim.SimRules;
import dev.skirmish.games.arena.sim.World;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which entities each player is sent. */
class InterestAreaTest {
    private static final InterestArea AREA = new InterestArea(1600, 1000, 160);

    private static World world(int players) {
        World w = new World(GameMap.load("arena"), SimRules.defaults(60), 3);
        for (int i = 0; i < players; i++) {
            w.addPlayer("p" + i);
        }
        return w;
    }

    private static List<Integer> ids(EntityTable t) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            ids.add(t.id(i));
        }
        return ids;
    }

    @Test
    void aPortraitViewerGetsTheBoxUpright() {
        World w = world(3);
        List<Player> ps = new ArrayList<>(w.players());
        ps.get(0).x = 1500;
        ps.get(0).y = 1500;
        ps.get(1).x = 1500 + 700; // beside: in a landscape box (800 + 160), out of an upright one (500 + 160)
        ps.get(1).y = 1500;
        ps.get(2).x = 1500;
        ps.get(2).y = 1500 + 900; // below: the other way round
        SnapshotBuilder b = new SnapshotBuilder(AREA);
        b.capture(w);
        EntityTable out = new EntityTable();
        b.select(ps.get(0).id(), null, out, false);
        assertEquals(List.of(ps.get(0).id(), ps.get(1).id()), ids(out), "landscape");
        b.select(ps.get(0).id(), null, out, true);
        assertEquals(List.of(ps.get(0).id(), ps.get(2).id()), ids(out), "portrait");
    }

    @Test
    void onlyEntitiesInTheViewPlusMarginAreSelected() {
        World w = world(64);
        SplittableRandom r = new SplittableRandom(1);
        for (Player p : w.players()) {
            p.x = 20 + r.nextDouble(2960);
            p.y = 20 + r.nextDouble(2960);
        }
        SnapshotBuilder b = new SnapshotBuilder(AREA);
        b.capture(w);
        EntityTable out = new EntityTable();
        for (Player self : w.players()) {
            b.select(self.id(), null, out);
            List<Integer> expected = new ArrayList<>();
            for (Player p : w.players()) {
                if (Math.abs(p.x - self.x) <= 800 + 160 + 0.04 && Math.abs(p.y - self.y) <= 500 + 160 + 0.04) {
                    expected.add(p.id());
                }
            }
            assertEquals(expected, ids(out), "player " + self.id());
            assertTrue(ids(out).contains(self.id()));
        }
    }

    @Test
    void aKnownEntityStaysUntilOneMoreMarginAway() {
        World w = world(2);
        Player self = w.player(1);
        Player other = w.player(2);
        self.x = 1000;
        self.y = 1000;
        other.x = 1000 + 800 + 160 + 100; // outside the view and margin, inside the hysteresis band
        other.y = 1000;
        SnapshotBuilder b = new SnapshotBuilder(AREA);
        b.capture(w);
        EntityTable fresh = new EntityTable();
        b.select(1, null, fresh);
        assertEquals(List.of(1), ids(fresh), "not entered yet");
        EntityTable known = new EntityTable();
        known.add(1, 1, 0, 0, 0, 0, 0, 0);
        known.add(2, 1, 0, 0, 0, 0, 0, 0);
        EntityTable kept = new EntityTable();
        b.select(1, known, kept);
        assertEquals(List.of(1, 2), ids(kept), "kept while known");
        other.x = 1000 + 800 + 320 + 10;
        b.capture(w);
        b.select(1, known, kept);
        assertEquals(List.of(1), ids(kept), "gone beyond the band");
    }

    @Test
    void theWholeMapAreaSendsEverything() {
        World w = world(40);
        SnapshotBuilder b = new SnapshotBuilder(InterestArea.WHOLE_MAP);
        b.capture(w);
        EntityTable out = new EntityTable();
        b.select(5, null, out);
        assertEquals(40, out.size());
    }
}
