package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.room.RoomManager;
import org.junit.jupiter.api.Test;

class GameMapTest {
    @Test
    void theShippedArenaIsLargeWithWallsAndSpawnsClearOfThem() {
        GameMap m = GameMap.load("arena");
        assertEquals(3000, m.width());
        assertEquals(3000, m.height());
        assertTrue(m.walls().size() >= 20);
        assertTrue(m.spawns().size() >= 8);
        double r = SimRules.defaults(60).playerRadius();
        for (SpawnPoint s : m.spawns()) {
            Body b = new Body(s.x(), s.y(), 0, 0);
            Movement.collide(b, r, m);
            assertEquals(s.x(), b.x, 1e-9, "spawn " + s + " overlaps a wall or border");
            assertEquals(s.y(), b.y, 1e-9, "spawn " + s + " overlaps a wall or border");
        }
    }

    @Test
    void badLinesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GameMap.parse("size 1000 1000\nspawn 1 1\nwall 1 2 3\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GameMap.parse("size 1000 1000\n"));
        assertThrows(IllegalArgumentException.class, () -> GameMap.parse("size 9000 1000\nspawn 1 1\n"));
        assertThrows(IllegalArgumentException.class, () -> GameMap.parse("size 1000 1000\nspawn 1 1\ndoor 1 1\n"));
    }
}
