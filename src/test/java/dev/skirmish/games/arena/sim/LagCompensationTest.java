package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.MatchPhase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lag compensation, driven tick by tick. Player 1 shoots from the left at player 2, which runs up and down
 * 400 units away. The shooter's client sees player 2 late: by the round trip plus its interpolation delay.
 * It aims, with the lead a player would take, at what it sees, and sends the tick it saw with the input.
 */
class LagCompensationTest {
    private static final int INTERPOLATION_TICKS = 4; // two snapshot intervals at 30 Hz
    private final Map<Long, double[]> seen = new HashMap<>(); // tick -> player 2's x, y at the end of it
    private final List<GameEvent> events = new ArrayList<>();
    private final List<Projectile> fired = new ArrayList<>();
    private long seq;

    /** Runs 4 aimed shots with the given round trip (ticks) and cap; returns how many hit. */
    private int shots(int roundTripTicks, SimRules rules) {
        World w = new World(TestMaps.duel(), rules, 42);
        w.addPlayer("shooter");
        w.addPlayer("runner");
        int start = rules.ticks(rules.countdownSeconds()) + rules.ticks(rules.spawnProtectionSeconds()) + 2;
        Player a = w.player(1);
        Player b = w.player(2);
        int shots = 0;
        for (int t = 0; t < start + 400; t++) {
            if (t == start - 1) { // the match has started and protection is over: line the two up
                a.x = 300;
                a.y = 500;
                b.x = 700;
                b.y = 300;
            }
            long applyTick = w.tick() + 1;
            Map<Integer, List<PlayerInput>> inputs = new HashMap<>();
            int sweep = (int) ((applyTick / 60) % 2);
            inputs.put(2, List.of(new PlayerInput(++seq, sweep == 0 ? Buttons.DOWN : Buttons.UP, 0)));
            long view = applyTick - roundTripTicks - INTERPOLATION_TICKS;
            boolean fire = t > start + 60 && applyTick % 60 == 30 && shots < 4;
            double aim = 0;
            if (fire) {
                aim = leadAim(a, seen.get(view), seen.get(view - 1), rules);
                shots++;
            }
            inputs.put(1, List.of(new PlayerInput(++seq, fire ? Buttons.FIRE : 0, aim, fire ? view : 0)));
            int before = w.projectiles().size();
            w.step(inputs);
            if (w.projectiles().size() > before) {
                fired.add(w.projectiles().get(w.projectiles().size() - 1));
            }
            events.addAll(w.drainEvents());
            seen.put(w.tick(), new double[]{b.x, b.y});
        }
        assertEquals(4, shots);
        assertEquals(MatchPhase.PLAYING, w.phase());
        return (int) events.stream().filter(e -> e instanceof GameEvent.Hit h && h.victimId() == 2).count();
    }

    /** The aim that meets a target at {@code p} moving as from {@code prev} to {@code p} in one tick. */
    private static double leadAim(Player shooter, double[] p, double[] prev, SimRules rules) {
        double ux = (p[0] - prev[0]) * rules.tickRateHz();
        double uy = (p[1] - prev[1]) * rules.tickRateHz();
        double dx = p[0] - shooter.x;
        double dy = p[1] - shooter.y;
        double s = rules.projectileSpeed();
        double qa = ux * ux + uy * uy - s * s;
        double qb = 2 * (dx * ux + dy * uy);
        double qc = dx * dx + dy * dy;
        double t = (-qb - Math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
        double a = Math.atan2(dy + uy * t, dx + ux * t);
        return a < 0 ? a + 2 * Math.PI : a;
    }

    private static SimRules rules(double maxRewindSeconds) {
        return SimRules.defaults(60).withMatch(20, 300, 2, 1).withMaxRewind(maxRewindSeconds);
    }

    @Test
    void aShotAimedAtWhatTheShooterSawHitsUnder150MillisecondsOfLatency() {
        // 150 ms round trip (9 ticks) plus 4 ticks of interpolation: 217 ms of rewind, under the 250 ms cap
        assertEquals(4, shots(9, rules(0.25)));
        for (Projectile p : fired) {
            assertEquals(13, p.rewindTicks(), 1e-9);
        }
    }

    @Test
    void withoutLagCompensationTheSameShotsMiss() {
        assertEquals(0, shots(9, rules(0)));
    }

    @Test
    void theCapHolds() {
        // 400 ms round trip: the shooter saw 28 ticks back, the server rewinds at most 15 (250 ms) and misses
        int hits = shots(24, rules(0.25));
        for (Projectile p : fired) {
            assertEquals(15, p.rewindTicks(), 1e-9);
        }
        assertEquals(0, hits);
    }

    @Test
    void aViewFromTheFutureIsNotRewound() {
        World w = new World(TestMaps.duel(), rules(0.25), 1);
        w.addPlayer("a");
        Map<Integer, List<PlayerInput>> in = Map.of(1, List.of(new PlayerInput(1, Buttons.FIRE, 0, 1_000_000)));
        w.step(in);
        assertEquals(1, w.projectiles().size(), "the shot was fired");
        assertEquals(0, w.projectiles().get(0).rewindTicks());
    }

    @Test
    void historyKeepsAboutOneSecond() {
        World w = new World(TestMaps.duel(), rules(0.25), 1);
        w.addPlayer("a");
        Player p = w.player(1);
        for (int t = 0; t < 200; t++) {
            p.x = 100 + t; // as if it moved one unit per tick
            w.step(Map.of());
        }
        double[] out = new double[2];
        assertTrue(p.positionAt(w.tick() - 30.5, out));
        assertEquals(100 + 199 - 30.5, out[0], 1e-9);
        p.positionAt(w.tick() - 500, out); // older than the history: the oldest kept
        assertEquals(100 + 199 - (World.HISTORY_SECONDS * 60 + 1), out[0], 1e-9);
    }
}
