package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.room.RoomManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The play area: its size for a player count, how it moves, and that the world keeps everyone inside it. */
class PlayAreaTest {
    private static final GameMap ARENA = GameMap.load("arena");

    @Test
    void theAreaFitsThePlayerCountWithinItsBounds() {
        assertEquals(new PlayArea(11_200, 11_200), PlayArea.target(ARENA, 1), "at least 1,400 units a side");
        assertEquals(new PlayArea(11_314, 11_314), PlayArea.target(ARENA, 2), "2,000,000 square units");
        assertEquals(new PlayArea(22_627, 22_627), PlayArea.target(ARENA, 8));
        assertEquals(PlayArea.full(ARENA), PlayArea.target(ARENA, 32), "never more than the map");
        GameMap yard = GameMap.load("yard");
        assertEquals(PlayArea.full(yard), PlayArea.target(yard, 2), "a map smaller than the minimum is all in play");
        PlayArea full = PlayArea.full(ARENA);
        assertEquals(0, full.left(ARENA));
        assertEquals(3000, full.right(ARENA));
        assertEquals(0, full.top(ARENA));
        assertEquals(3000, full.bottom(ARENA));
    }

    @Test
    void edgesGrowFastAndShrinkSlowly() {
        PlayArea small = PlayArea.target(ARENA, 2);
        PlayArea big = PlayArea.full(ARENA);
        // 400 units/s at 60 Hz: 106 sixteenths a tick; 100 units/s: 26
        assertEquals(small.halfWidth16() + 106, small.toward(big, 60).halfWidth16());
        assertEquals(big.halfWidth16() - 26, big.toward(small, 60).halfWidth16());
        PlayArea a = big;
        int ticks = 0;
        while (!a.equals(small)) {
            a = a.toward(small, 60);
            ticks++;
        }
        assertEquals(Math.ceil((big.halfWidth16() - small.halfWidth16()) / 26.0), ticks, "it arrives and stops");
        assertEquals(small, small.toward(small, 60));
    }

    @Test
    void whenPlayersLeaveTheAreaShrinksAndPushesTheOthersInside() {
        World w = new World(ARENA, SimRules.defaults(60), 5);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(w.addPlayer("p" + i));
        }
        Map<Integer, List<PlayerInput>> none = Map.of();
        for (int t = 0; t < 600; t++) {
            w.step(none);
        }
        assertEquals(PlayArea.full(ARENA), w.area(), "twelve players: the whole arena");
        // everyone runs to the top-left corner, then all but two leave
        Map<Integer, List<PlayerInput>> corner = new HashMap<>();
        long seq = 0;
        for (int t = 0; t < 600; t++) {
            corner.clear();
            for (int id : ids) {
                corner.put(id, List.of(new PlayerInput(++seq, Buttons.UP | Buttons.LEFT, 0)));
            }
            w.step(corner);
        }
        for (int id : ids.subList(2, ids.size())) {
            w.removePlayer(id);
        }
        double r = w.rules().playerRadius();
        for (int t = 0; t < 60 * 20; t++) {
            w.step(none);
            for (Player p : w.players()) {
                assertTrue(!p.alive() || w.area().contains(ARENA, p.x, p.y, r - 1e-9),
                        "tick " + t + ": player " + p.id() + " at " + p.x + "," + p.y + " outside " + w.area());
            }
        }
        assertEquals(PlayArea.target(ARENA, 2), w.area(), "two players: their size after the shrink");
    }

    @Test
    void spawnsAreInsideTheArea() {
        World w = new World(ARENA, SimRules.defaults(60), 9);
        int a = w.addPlayer("a");
        int b = w.addPlayer("b");
        double r = w.rules().playerRadius();
        for (int id : List.of(a, b)) {
            Player p = w.player(id);
            assertTrue(w.area().contains(ARENA, p.x, p.y, r), p.x + "," + p.y + " outside " + w.area());
        }
    }
}
