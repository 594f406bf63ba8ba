package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.PositionHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shots' broad phase skips only players no shot could hit: a world steps the same with it and without it. */
class BroadPhaseTest {
    private final SimRules rules = SimRules.defaults(60).withMatch(5, 30, 2, 1);

    /** Seeded inputs: moving, turning, firing most of the time, with view ticks for lag compensation. */
    private static Map<Integer, List<PlayerInput>> inputs(World w, SplittableRandom r, long tick) {
        Map<Integer, List<PlayerInput>> in = new HashMap<>();
        for (Player p : w.players()) {
            int buttons = r.nextInt(Buttons.ALL + 1) | (r.nextInt(4) > 0 ? Buttons.FIRE : 0);
            double aim = r.nextDouble() * Math.PI * 2;
            double view = tick > 12 ? tick - r.nextInt(12) : 0;
            in.put(p.id(), List.of(new PlayerInput(tick, buttons, aim, view)));
        }
        return in;
    }

    @Test
    void aWorldStepsIdenticallyWithAndWithoutTheBroadPhase() {
        for (long seed = 1; seed <= 4; seed++) {
            // the small test box (players close together) and the real arena (its walls)
            GameMap map = seed % 2 == 0 ? GameMap.load("arena") : TestMaps.box();
            World with = new World(map, rules, seed);
            World without = new World(map, rules, seed);
            without.projectiles.broadPhase = false;
            for (int i = 0; i < 16; i++) {
                with.addPlayer("p" + i);
                without.addPlayer("p" + i);
            }
            SplittableRandom a = new SplittableRandom(seed);
            SplittableRandom b = new SplittableRandom(seed);
            int hits = 0;
            for (int t = 0; t < 3000; t++) {
                with.step(inputs(with, a, with.tick()));
                without.step(inputs(without, b, without.tick()));
                List<GameEvent> events = with.drainEvents();
                assertEquals(events, without.drainEvents(), "events at tick " + with.tick());
                hits += (int) events.stream().filter(e -> e instanceof GameEvent.Hit).count();
                if (t % 10 == 0) {
                    assertArrayEquals(WorldCodec.save(without), WorldCodec.save(with), "state at tick " + with.tick());
                }
            }
            assertTrue(hits > 50, "the shots hit players (" + hits + "), so the phase was tested against hits");
        }
    }

    @Test
    void theBoundsHoldEveryPositionTheHistoryCanAnswer() {
        PositionHistory h = new PositionHistory(8);
        double[] box = new double[4];
        h.bounds(5, 6, box, 0);
        assertArrayEquals(new double[]{5, 6, 5, 6}, box, "no history yet: where it is now");
        for (int t = 1; t <= 20; t++) {
            h.record(t, t * 10, -t, true);
        }
        h.bounds(0, 0, box, 0);
        // ticks 13-20 are kept (x 130-200, y -13 to -20), and now (0, 0)
        assertArrayEquals(new double[]{0, -20, 200, 0}, box);
        double[] at = new double[2];
        for (double t = 10; t <= 21; t += 0.25) {
            h.positionAt(t, 0, 0, true, at);
            assertTrue(at[0] >= box[0] && at[0] <= box[2] && at[1] >= box[1] && at[1] <= box[3], "t " + t);
        }
    }
}
