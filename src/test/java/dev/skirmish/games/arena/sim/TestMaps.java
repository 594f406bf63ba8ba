package dev.skirmish.games.arena.sim;

/** Small maps for tests. */
final class TestMaps {
    private TestMaps() {
    }

    /** 1000 x 1000, one wall block in the middle (450..550), four corner spawns. */
    static GameMap box() {
        return GameMap.parse("""
                name Box
                size 1000 1000
                wall 450 450 100 100
                spawn 100 100
                spawn 900 100
                spawn 100 900
                spawn 900 900
                """);
    }

    /** Open 1000 x 1000 with two spawns on one line, 400 units apart. */
    static GameMap duel() {
        return GameMap.parse("""
                name Duel
                size 1000 1000
                spawn 300 500
                spawn 700 500
                """);
    }

    /** The duel with a health, a shield and a damage pickup on the line between the spawns. */
    static GameMap duelWithPickups() {
        return GameMap.parse("""
                name Duel
                size 1000 1000
                spawn 300 500
                spawn 700 500
                pickup 400 500 health
                pickup 450 500 shield
                pickup 500 500 damage
                """);
    }
}
