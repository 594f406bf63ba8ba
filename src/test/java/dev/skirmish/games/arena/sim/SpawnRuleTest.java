package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.room.RoomManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spawn rule: off every enemy's screen, near the fight; and what it does for the fight on the real map. */
class SpawnRuleTest {

    private static Player at(int id, double x, double y) {
        Player p = new Player(id, "p" + id, 4);
        p.x = x;
        p.y = y;
        p.alive = true;
        return p;
    }

    @Test
    void picksAtRandomAmongThePointsInTheBandAndNeverOnScreenOrFarAway() {
        Player enemy = at(1, 0, 0);
        SpawnPoint onScreen = new SpawnPoint(300, 0);
        SpawnPoint inBand1 = new SpawnPoint(1000, 0);
        SpawnPoint inBand2 = new SpawnPoint(0, 1200);
        SpawnPoint farAway = new SpawnPoint(2500, 2500);
        List<SpawnPoint> spawns = List.of(onScreen, inBand1, inBand2, farAway);
        SeededRandom random = new SeededRandom(7);
        Set<SpawnPoint> chosen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            chosen.add(SpawnRule.choose(spawns, List.of(enemy), random));
        }
        assertEquals(Set.of(inBand1, inBand2), chosen);
    }

    @Test
    void withNoPointInTheBandTakesTheNearestOfTheFarOnesElseTheLeastUnsafe() {
        Player enemy = at(1, 0, 0);
        SpawnPoint near = new SpawnPoint(100, 0);
        SpawnPoint far = new SpawnPoint(1700, 0);
        SpawnPoint farther = new SpawnPoint(3000, 0);
        SeededRandom random = new SeededRandom(1);
        assertEquals(far, SpawnRule.choose(List.of(near, farther, far), List.of(enemy), random));
        SpawnPoint lessNear = new SpawnPoint(500, 0);
        assertEquals(lessNear, SpawnRule.choose(List.of(near, lessNear), List.of(enemy), random),
                "every point is on screen: the farthest");
    }

    @Test
    void theNearestEnemyCountsAndTheDeadAreLeftToTheCaller() {
        SpawnPoint a = new SpawnPoint(1000, 0);
        SpawnPoint b = new SpawnPoint(3000, 0);
        // a is 1000 from the first enemy but 200 from the second: b (1000 from the second) is the safe one
        List<Player> enemies = List.of(at(1, 0, 0), at(2, 1200, 0), at(3, 4000, 0));
        assertEquals(b, SpawnRule.choose(List.of(a, b), enemies, new SeededRandom(3)));
    }

    @Test
    void onTheShippedArenaOneEnemyAnywhereNeverSeesTheSpawn() {
        GameMap arena = GameMap.load("arena");
        SeededRandom random = new SeededRandom(11);
        for (int x = 100; x < arena.width(); x += 200) {
            for (int y = 100; y < arena.height(); y += 200) {
                SpawnPoint s = SpawnRule.choose(arena.spawns(), List.of(at(1, x, y)), random);
                double d = Math.hypot(s.x() - x, s.y() - y);
                assertTrue(d >= SpawnRule.SAFE && d <= SpawnRule.NEAR,
                        "enemy at " + x + "," + y + ": spawn " + s + " is " + d + " away");
            }
        }
    }

    @Test
    void theFightFindsEightPlayersSoonAndNobodySpawnsIntoIt() {
        // deterministic: the same seeds give the same figures on every machine (FightBench, docs/benchmarks.md)
        FightBench.Result r = FightBench.run(GameMap.load("arena"), 8, 4, 1.0);
        assertEquals(0, r.spawnedInView(), r.toString());
        assertTrue(r.contactPercentile(0.5) <= 6.0, r.toString());
        assertTrue(r.kills() > 0, r.toString());
    }
}
