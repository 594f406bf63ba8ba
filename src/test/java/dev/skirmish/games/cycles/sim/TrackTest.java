package dev.skirmish.games.cycles.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.MatchPhase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The track driven tick by tick: riding, turning, crashing, cuts, rounds, free play, holds. */
class TrackTest {
    static final TrackRules RULES = new TrackRules(32, 24, 20, 10, 400, 6, 5);
    private static final Map<Integer, List<Steer>> NONE = Map.of();

    static void ride(Track t, int ticks) {
        for (int i = 0; i < ticks; i++) {
            t.step(NONE);
        }
    }

    static void turn(Track t, int id, Steer s) {
        Map<Integer, List<Steer>> m = new HashMap<>();
        m.put(id, List.of(s));
        t.step(m);
    }

    @Test
    void aLoneRiderRidesOneCellATickAndLeavesATrail() {
        Track t = new Track(RULES, 1);
        int id = t.addRider("solo");
        Cycle c = t.cycle(id);
        assertEquals(MatchPhase.WAITING, t.phase());
        int x = c.x();
        int y = c.y();
        int dir = c.dir();
        ride(t, 2);
        assertEquals(x + Cycle.DX[dir] * 2, c.x());
        assertEquals(y + Cycle.DY[dir] * 2, c.y());
        assertEquals(id, t.cell(x, y), "the start cell is trail");
        assertEquals(id, t.cell(x + Cycle.DX[dir], y + Cycle.DY[dir]));
        assertEquals(id, t.cell(c.x(), c.y()), "so is the head");
    }

    @Test
    void turnsAreOneATickAndLeaveTurnPoints() {
        Track t = new Track(RULES, 1);
        int id = t.addRider("solo");
        Cycle c = t.cycle(id);
        int dir = c.dir();
        Map<Integer, List<Steer>> both = new HashMap<>();
        both.put(id, List.of(Steer.LEFT, Steer.LEFT));
        int hx = c.x();
        int hy = c.y();
        t.step(both); // a U-turn asked at once takes two ticks
        assertEquals(Math.floorMod(dir - 1, 4), c.dir());
        assertEquals(1, c.cornerCount());
        assertEquals(hx | hy << 8, c.corner(0), "the turn point is where the head was");
        t.step(NONE);
        assertEquals(Math.floorMod(dir - 2, 4), c.dir());
        assertEquals(2, c.cornerCount());
    }

    @Test
    void aWallEndsARideAndFreePlayRespawns() {
        Track t = new Track(RULES, 1);
        int id = t.addRider("solo");
        Cycle c = t.cycle(id);
        ride(t, 200);
        List<TrackEvent> events = t.drainEvents();
        assertTrue(events.stream().anyMatch(e -> e instanceof TrackEvent.Crash k && k.cycleId() == id && k.byId() == 0),
                "it crashed into a wall: " + events);
        assertTrue(c.alive() || t.tick() - c.respawnTick < RULES.respawnTicks(), "and rides again after the respawn");
    }

    @Test
    void twoRidersLineUpCountDownRideAndTheLastOneWins() {
        Track t = new Track(RULES, 7);
        int a = t.addRider("a");
        int b = t.addRider("b");
        t.step(NONE);
        assertEquals(MatchPhase.COUNTDOWN, t.phase());
        Cycle ca = t.cycle(a);
        int x = ca.x();
        ride(t, RULES.countdownTicks() - 2);
        assertEquals(x, ca.x(), "nobody moves in the countdown");
        ride(t, 2);
        assertEquals(MatchPhase.PLAYING, t.phase());
        assertEquals(1, t.round());
        for (int i = 0; i < 100 && t.phase() == MatchPhase.PLAYING; i++) {
            t.step(NONE); // straight ahead: both hit a wall or a trail within the track's width
        }
        assertEquals(MatchPhase.RESULTS, t.phase());
        List<TrackEvent> rounds = t.drainEvents().stream().filter(e -> e instanceof TrackEvent.Round).toList();
        TrackEvent.Round end = (TrackEvent.Round) rounds.get(rounds.size() - 1);
        assertEquals(MatchPhase.RESULTS, end.phase());
        Cycle cb = t.cycle(b);
        int winner = end.winnerId();
        assertEquals(winner == 0 ? 0 : 1, ca.wins() + cb.wins());
        ride(t, RULES.resultsTicks());
        assertEquals(MatchPhase.COUNTDOWN, t.phase(), "the next line-up");
        assertTrue(ca.alive() && cb.alive());
        assertEquals(0, ca.cornerCount());
    }

    @Test
    void crashingIntoAnotherTrailIsACutForItsRider() {
        Track t = new Track(new TrackRules(20, 20, 20, 0, 400, 6, 5), 3);
        int a = t.addRider("a");
        int b = t.addRider("b");
        ride(t, 2); // line-up, then the round starts at once
        assertEquals(MatchPhase.PLAYING, t.phase());
        // a rides east along row 10 from (2, 10); b south down column 8 from (8, 2): a passes (8, 10) two ticks
        // before b gets there, so b rides into a's trail
        Cycle ca = t.cycle(a);
        Cycle cb = t.cycle(b);
        java.util.Arrays.fill(t.cells, 0);
        ca.startTrail(2, 10, Cycle.EAST);
        cb.startTrail(8, 2, Cycle.SOUTH);
        t.markTrail(ca);
        t.markTrail(cb);
        ride(t, 8);
        List<TrackEvent> events = t.drainEvents();
        assertTrue(events.contains(new TrackEvent.Crash(b, a, 8, 9)), "b crashed into a's trail: " + events);
        assertEquals(1, ca.cuts(), "a cut for a");
        assertEquals(0, cb.cuts());
        assertEquals(MatchPhase.RESULTS, t.phase(), "one cycle left riding: the round is over");
        assertTrue(events.contains(new TrackEvent.Round(MatchPhase.RESULTS, 1, a)), "and a won it");
        assertEquals(1, ca.wins());
    }

    @Test
    void aRiderWhoJoinsDuringARoundWaitsForTheNext() {
        Track t = new Track(new TrackRules(32, 24, 20, 0, 400, 6, 5), 3);
        t.addRider("a");
        t.addRider("b");
        ride(t, 2);
        assertEquals(MatchPhase.PLAYING, t.phase());
        int late = t.addRider("late");
        assertFalse(t.cycle(late).riding());
        assertFalse(t.cycle(late).alive());
        ride(t, 3);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                assertNotEquals(late, t.cell(x, y), "no trail while waiting, cell " + x + "," + y);
            }
        }
        while (t.phase() != MatchPhase.COUNTDOWN) {
            t.step(NONE);
        }
        assertTrue(t.cycle(late).riding() && t.cycle(late).alive(), "the next line-up takes it");
    }

    @Test
    void aHeldRiderRidesOnStraightAndSitsOutTheNextLineUp() {
        Track t = new Track(RULES, 5);
        int a = t.addRider("a");
        int b = t.addRider("b");
        int c = t.addRider("c");
        t.step(NONE);
        assertEquals(MatchPhase.COUNTDOWN, t.phase());
        t.setConnected(c, false);
        assertTrue(t.cycle(c).held());
        assertTrue(t.drainEvents().stream().anyMatch(e -> e.equals(new TrackEvent.Connection(c, false))));
        ride(t, RULES.countdownTicks());
        assertEquals(MatchPhase.PLAYING, t.phase());
        int x = t.cycle(c).x();
        int y = t.cycle(c).y();
        int dir = t.cycle(c).dir();
        t.step(NONE);
        assertEquals(x + Cycle.DX[dir], t.cycle(c).x(), "the held cycle rides on straight");
        assertEquals(y + Cycle.DY[dir], t.cycle(c).y());
        while (t.phase() != MatchPhase.COUNTDOWN) {
            t.step(NONE);
        }
        assertFalse(t.cycle(c).riding(), "held at the line-up: it sits the round out");
        assertTrue(t.cycle(a).riding() && t.cycle(b).riding());
    }

    @Test
    void waitingTurnsAreBounded() {
        Track t = new Track(RULES, 1);
        int id = t.addRider("solo");
        Map<Integer, List<Steer>> many = new HashMap<>();
        many.put(id, List.of(Steer.LEFT, Steer.RIGHT, Steer.LEFT, Steer.RIGHT, Steer.LEFT, Steer.RIGHT));
        t.step(many);
        assertEquals(Cycle.MAX_PENDING_TURNS - 1, t.cycle(id).pendingCount, "one taken, the rest bounded");
    }

    @Test
    void theSameSeedAndInputsGiveTheSameTrack() {
        assertArrayEquals(play(42), play(42));
        assertFalse(java.util.Arrays.equals(play(42), play(43)), "the line-up differs with the seed");
    }

    /** A scripted match of four riders; returns the saved end state. */
    static byte[] play(long seed) {
        Track t = new Track(RULES, seed);
        for (int i = 0; i < 4; i++) {
            t.addRider("r" + i);
        }
        dev.skirmish.engine.spi.SeededRandom r = new dev.skirmish.engine.spi.SeededRandom(99);
        for (int tick = 0; tick < 600; tick++) {
            Map<Integer, List<Steer>> in = new HashMap<>();
            for (int id = 1; id <= 4; id++) {
                int k = r.nextInt(8);
                if (k < 2) {
                    in.put(id, List.of(k == 0 ? Steer.LEFT : Steer.RIGHT));
                }
            }
            t.step(in);
        }
        t.drainEvents();
        return TrackCodec.save(t);
    }
}
