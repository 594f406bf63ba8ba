package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.SeededRandom;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a player enters the arena: off every enemy's screen, but close enough to the fight to find it in a few
 * seconds. For each of the map's spawn points it takes the distance to the nearest living enemy, then:
 * <ol>
 *   <li>a point with that distance between {@link #SAFE} and {@link #NEAR}: one of them at random;</li>
 *   <li>else, if some points are farther than {@link #NEAR}: the nearest of those (the action is far away);</li>
 *   <li>else (every point is on some enemy's screen): the farthest point, the least unsafe.</li>
 * </ol>
 * A player with no living enemy spawns at any point at random. Random choices draw from the world's seeded
 * generator, so a replay spawns the same way.
 */
final class SpawnRule {
    /**
     * No living enemy closer than this: off every enemy's screen. The browser never shows more than the server's
     * view box, 1,600 x 1,000 units by default ({@code interest.viewWidth/viewHeight}), whose half-diagonal is
     * 943.
     */
    static final double SAFE = 950;
    /** The nearest enemy at most this far: about five seconds' walk at the default top speed (320 units/s). */
    static final double NEAR = 1500;

    private SpawnRule() {
    }

    /** The spawn point for a player entering now, with {@code enemies} the other living players. */
    static SpawnPoint choose(List<SpawnPoint> spawns, Collection<Player> enemies, SeededRandom random) {
        if (enemies.isEmpty()) {
            return spawns.get(random.nextInt(spawns.size()));
        }
        List<SpawnPoint> band = new ArrayList<>();
        List<SpawnPoint> tied = new ArrayList<>();
        double farBest = Double.MAX_VALUE; // the nearest of the points beyond NEAR
        SpawnPoint far = null;
        double leastUnsafe = -1;
        for (SpawnPoint s : spawns) {
            double d = nearest(s, enemies);
            if (d >= SAFE && d <= NEAR) {
                band.add(s);
            } else if (d > NEAR) {
                if (d < farBest) {
                    farBest = d;
                    far = s;
                }
            } else if (far == null && band.isEmpty()) {
                if (d > leastUnsafe) {
                    leastUnsafe = d;
                    tied.clear();
                    tied.add(s);
                } else if (d == leastUnsafe) {
                    tied.add(s);
                }
            }
        }
        if (!band.isEmpty()) {
            return band.get(random.nextInt(band.size()));
        }
        if (far != null) {
            return far;
        }
        return tied.get(random.nextInt(tied.size()));
    }

    private static double nearest(SpawnPoint s, Collection<Player> enemies) {
        double best = Double.MAX_VALUE;
        for (Player p : enemies) {
            best = Math.min(best, Math.hypot(p.x - s.x(), p.y - s.y()));
        }
        return best;
    }
}
