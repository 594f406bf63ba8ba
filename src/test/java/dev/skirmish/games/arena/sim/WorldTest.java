package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.MatchPhase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drives the world tick by tick with a fixed seed: no threads, no clock. */
class WorldTest {
    private final SimRules rules = SimRules.defaults(60).withMatch(3, 60, 2, 5);
    private final List<GameEvent> events = new ArrayList<>();
    private long seq;

    private void tick(World w, Map<Integer, Integer> buttons, double aim) {
        Map<Integer, List<PlayerInput>> inputs = new HashMap<>();
        buttons.forEach((id, b) -> inputs.put(id, List.of(new PlayerInput(++seq, b, aim))));
        w.step(inputs);
        events.addAll(w.drainEvents());
    }

    private void idle(World w, int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick(w, Map.of(), 0);
        }
    }

    /** Ticks from two players joining to the end of the match start's spawn protection. */
    private int countdownAndProtection() {
        return rules.ticks(rules.countdownSeconds()) + rules.ticks(rules.spawnProtectionSeconds()) + 2;
    }

    /** Two players 400 units apart in a running match, player 1 on the left (it shoots right, aim 0). */
    private World duel() {
        World w = new World(TestMaps.duel(), rules, 42);
        w.addPlayer("a");
        w.addPlayer("b");
        idle(w, countdownAndProtection());
        assertEquals(MatchPhase.PLAYING, w.phase());
        Player pa = w.player(1);
        Player pb = w.player(2);
        if (pa.x > pb.x) {
            double x = pa.x;
            pa.x = pb.x;
            pb.x = x;
        }
        events.clear();
        return w;
    }

    @Test
    void theNextCountdownStartsEveryoneAtFullHealth() {
        World w = duel();
        w.player(1).health = 40; // wounded when the match ends
        while (w.phase() != MatchPhase.RESULTS) {
            idle(w, 60);
        }
        assertEquals(40, w.player(1).health, "the results show the match as it ended");
        while (w.phase() != MatchPhase.COUNTDOWN) {
            idle(w, 1);
        }
        assertEquals(rules.maxHealth(), w.player(1).health, "no wound is carried into the countdown");
    }

    @Test
    void aHeldPlayerCannotBeHitAndItsShotsInFlightAreGone() {
        World w = duel();
        Player b = w.player(2);
        tick(w, Map.of(1, Buttons.FIRE), 0); // a fires at b, 400 units away
        w.setHeld(2, true);
        assertTrue(b.held());
        idle(w, 60);
        assertEquals(rules.maxHealth(), b.health(), "the shot passed through the held player");
        assertTrue(events.stream().noneMatch(e -> e instanceof GameEvent.Hit));
        // b fires, then drops: its projectile goes with it
        w.setHeld(2, false);
        tick(w, Map.of(2, Buttons.FIRE), Math.PI);
        assertEquals(1, w.projectiles().size());
        w.setHeld(2, true);
        assertEquals(0, w.projectiles().size(), "a held player hits nobody");
        w.setHeld(2, false);
        tick(w, Map.of(1, Buttons.FIRE), 0);
        idle(w, 60);
        assertTrue(b.health() < rules.maxHealth(), "back: it can be hit again");
    }

    @Test
    void projectilesHitDamageAndKill() {
        World w = duel();
        Player a = w.player(1);
        Player b = w.player(2);
        int shotsToKill = rules.maxHealth() / rules.projectileDamage();
        for (int t = 0; t < 600 && b.alive(); t++) {
            tick(w, Map.of(1, Buttons.FIRE), 0);
        }
        long hits = events.stream().filter(e -> e instanceof GameEvent.Hit h && h.victimId() == 2).count();
        assertEquals(shotsToKill, hits);
        assertFalse(b.alive());
        assertEquals(1, a.kills());
        assertEquals(1, b.deaths());
        assertTrue(events.contains(new GameEvent.Kill(1, 2)));
    }

    @Test
    void wallsStopProjectiles() {
        World w = new World(GameMap.parse("""
                size 1000 1000
                wall 480 400 40 200
                spawn 300 500
                spawn 700 500
                """), rules, 7);
        w.addPlayer("a");
        w.addPlayer("b");
        idle(w, countdownAndProtection());
        assertEquals(MatchPhase.PLAYING, w.phase());
        Player a = w.player(1).x < w.player(2).x ? w.player(1) : w.player(2);
        events.clear();
        int shots = 0;
        for (int t = 0; t < 120; t++) {
            tick(w, Map.of(a.id(), Buttons.FIRE), a.x < 500 ? 0 : Math.PI);
            shots += a.firedAt(w.tick()) ? 1 : 0;
        }
        assertTrue(shots >= 5, "it did shoot: " + shots);
        assertTrue(events.stream().noneMatch(e -> e instanceof GameEvent.Hit), "no shot passes the wall");
        assertTrue(w.projectiles().stream().allMatch(p -> Math.abs(p.x - 500) > 20 || p.x < 480));
    }

    @Test
    void deadPlayersRespawnAfterTheDelayAtTheSafestSpawn() {
        World w = duel();
        Player b = w.player(2);
        while (b.alive()) {
            tick(w, Map.of(1, Buttons.FIRE), 0);
        }
        long diedAt = w.tick();
        events.clear();
        idle(w, rules.ticks(rules.respawnSeconds()) - 1);
        assertFalse(b.alive(), "still dead one tick before the delay ends");
        idle(w, 1);
        assertTrue(b.alive());
        assertEquals(rules.ticks(rules.respawnSeconds()), w.tick() - diedAt);
        assertEquals(rules.maxHealth(), b.health());
        assertTrue(b.isProtected(w.tick()));
        // the duel map has two spawns; the safe one is the one farther from the living player a
        Player a = w.player(1);
        double da = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
        assertTrue(da >= 300, "respawned away from the enemy: " + da);
        assertTrue(events.stream().anyMatch(e -> e instanceof GameEvent.Respawn r && r.playerId() == 2));
    }

    @Test
    void matchEndsAtTheKillLimitShowsResultsThenCountsDownToTheNext() {
        World w = duel();
        Player a = w.player(1);
        for (int t = 0; t < 20_000 && w.phase() == MatchPhase.PLAYING; t++) {
            Player b = w.player(2);
            // aim from a to b wherever b respawned
            double aim = Math.atan2(b.y - a.y, b.x - a.x);
            tick(w, Map.of(1, Buttons.FIRE), aim < 0 ? aim + 2 * Math.PI : aim);
        }
        assertEquals(MatchPhase.RESULTS, w.phase());
        assertEquals(rules.killLimit(), a.kills());
        assertTrue(events.contains(new GameEvent.MatchState(MatchPhase.RESULTS, 1, 1)));
        double x = a.x;
        tick(w, Map.of(1, Buttons.RIGHT), 0);
        assertEquals(x, a.x, "nobody moves during results");
        idle(w, rules.ticks(rules.resultsSeconds()));
        assertEquals(MatchPhase.COUNTDOWN, w.phase());
        assertTrue(events.contains(new GameEvent.MatchState(MatchPhase.COUNTDOWN, 2, 0)));
        assertEquals(rules.killLimit(), a.kills(), "scores stay on the board during the countdown");
        tick(w, Map.of(1, Buttons.FIRE), 0);
        assertTrue(w.projectiles().isEmpty(), "no firing during the countdown");
        idle(w, rules.ticks(rules.countdownSeconds()));
        assertEquals(MatchPhase.PLAYING, w.phase());
        assertEquals(2, w.matchNumber());
        assertEquals(0, a.kills());
        assertTrue(events.contains(new GameEvent.MatchState(MatchPhase.PLAYING, 2, 0)));
    }

    @Test
    void aLonePlayerWaitsAndASecondOneStartsTheCountdown() {
        World w = new World(TestMaps.box(), rules, 1);
        w.addPlayer("solo");
        idle(w, 600);
        assertEquals(MatchPhase.WAITING, w.phase());
        assertEquals(0, w.phaseTicksRemaining());
        assertEquals(0, w.matchNumber());
        w.addPlayer("second");
        idle(w, 1);
        assertEquals(MatchPhase.COUNTDOWN, w.phase());
        assertEquals(rules.ticks(rules.countdownSeconds()), w.phaseTicksRemaining());
        w.removePlayer(2);
        idle(w, 1);
        assertEquals(MatchPhase.WAITING, w.phase(), "the countdown stops when the room drops below two");
    }

    @Test
    void aMatchWithOnePlayerLeftGoesBackToWaitingWithoutResults() {
        World w = duel();
        w.removePlayer(2);
        idle(w, 1);
        assertEquals(MatchPhase.WAITING, w.phase());
        assertTrue(events.stream().noneMatch(e -> e instanceof GameEvent.MatchState m && m.phase() == MatchPhase.RESULTS));
    }

    @Test
    void matchEndsAtTheTimeLimit() {
        World w = duel();
        idle(w, (int) w.phaseTicksRemaining() - 1);
        assertEquals(MatchPhase.PLAYING, w.phase());
        idle(w, 1);
        assertEquals(MatchPhase.RESULTS, w.phase());
    }

    @Test
    void inputsAreAcknowledgedAndDeadPlayersDoNotMove() {
        World w = duel();
        tick(w, Map.of(1, Buttons.UP), 0);
        assertEquals(seq, w.player(1).lastInputSeq());
        Player b = w.player(2);
        while (b.alive()) {
            tick(w, Map.of(1, Buttons.FIRE), 0);
        }
        double x = b.x;
        double y = b.y;
        tick(w, Map.of(2, Buttons.UP | Buttons.LEFT), 0);
        assertEquals(seq, b.lastInputSeq(), "a dead player's input is still acknowledged");
        assertEquals(x, b.x);
        assertEquals(y, b.y, "but it does not move");
    }

    @Test
    void sameSeedAndInputsGiveTheSameWorld() {
        assertEquals(replay(99), replay(99));
        assertNotEquals(replay(99), replay(100));
    }

    private String replay(long seed) {
        World w = new World(TestMaps.box(), rules, seed);
        for (int i = 0; i < 4; i++) {
            w.addPlayer("p" + i);
        }
        StringBuilder trace = new StringBuilder();
        for (int t = 0; t < 600; t++) {
            Map<Integer, List<PlayerInput>> inputs = new HashMap<>();
            for (int id = 1; id <= 4; id++) {
                int b = ((t / 40 + id) % 4 == 0 ? Buttons.UP : Buttons.RIGHT) | (t % 7 == 0 ? Buttons.FIRE : 0);
                inputs.put(id, List.of(new PlayerInput(t + 1, b, (t * 0.05 + id) % (2 * Math.PI))));
            }
            w.step(inputs);
        }
        for (Player p : w.players()) {
            trace.append(p.id()).append(':').append(p.x).append(',').append(p.y).append(',').append(p.health())
                    .append(';');
        }
        return trace.toString();
    }

    @Test
    void removingAPlayerRemovesItsProjectiles() {
        World w = duel();
        tick(w, Map.of(1, Buttons.FIRE), Math.PI / 2);
        assertEquals(1, w.projectiles().size());
        w.removePlayer(1);
        assertTrue(w.projectiles().isEmpty());
        assertEquals(1, w.players().size());
    }
}
