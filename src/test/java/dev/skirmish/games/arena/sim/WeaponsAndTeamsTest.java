package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.MatchPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The second gun and the team match, driven tick by tick. */
class WeaponsAndTeamsTest {
    private final SimRules rules = SimRules.defaults(60).withMatch(6, 600, 2, 1);
    private final List<GameEvent> events = new ArrayList<>();

    private void step(World w, int ticks, Map<Integer, List<PlayerInput>> inputs) {
        for (int i = 0; i < ticks; i++) {
            w.step(inputs);
            events.addAll(w.drainEvents());
        }
    }

    private World playing(boolean teams, int players) {
        World w = new World(TestMaps.duel(), rules, 3, teams);
        for (int i = 0; i < players; i++) {
            w.addPlayer("p" + i);
        }
        step(w, rules.ticks(rules.countdownSeconds()) + 2, Map.of());
        assertEquals(MatchPhase.PLAYING, w.phase());
        for (Player p : w.players()) {
            p.protectedUntilTick = 0;
        }
        events.clear();
        return w;
    }

    private static void place(Player p, double x, double y) {
        p.x = x;
        p.y = y;
        p.vx = 0;
        p.vy = 0;
    }

    private static Map<Integer, List<PlayerInput>> fire(int id, int button, long seq) {
        Map<Integer, List<PlayerInput>> m = new HashMap<>();
        m.put(id, List.of(new PlayerInput(seq, button, 0)));
        return m;
    }

    private List<GameEvent.Hit> hits() {
        return events.stream().filter(e -> e instanceof GameEvent.Hit).map(e -> (GameEvent.Hit) e).toList();
    }

    @Test
    void theRailHitsHarderFasterAndLessOftenAndWinsOverTheBlasterWhenBothAreHeld() {
        World w = playing(false, 2);
        Player a = w.player(1);
        Player b = w.player(2);
        place(a, 200, 500);
        place(b, 800, 500);
        step(w, 1, fire(1, Buttons.ALT_FIRE | Buttons.FIRE, 1));
        assertEquals(1, w.projectiles().size());
        assertEquals(Weapons.RAIL, w.projectiles().get(0).weapon());
        // 600 units at 2,400 units/s: a quarter second (the blaster would take 33 ticks)
        step(w, 16, Map.of());
        assertEquals(List.of(new GameEvent.Hit(1, 2, Weapons.RAIL_DAMAGE, 100 - Weapons.RAIL_DAMAGE)), hits());
        // one rail shot a second, and the blaster waits for it too
        events.clear();
        long seq = 2;
        for (int t = 0; t < rules.ticks(Weapons.RAIL_COOLDOWN_SECONDS) - 18; t++) {
            step(w, 1, fire(1, t % 2 == 0 ? Buttons.FIRE : Buttons.ALT_FIRE, seq++));
        }
        assertEquals(0, w.projectiles().size(), "nothing fired within the rail's cooldown");
        step(w, 1, fire(1, Buttons.FIRE, seq++));
        step(w, 1, fire(1, Buttons.FIRE, seq++));
        assertEquals(1, w.projectiles().size());
        assertEquals(Weapons.BLASTER, w.projectiles().get(0).weapon());
    }

    @Test
    void aBoostedRailHitIsHalfAgainAsHard() {
        assertEquals(68, Weapons.damage(Weapons.RAIL, rules, true));
        assertEquals(30, Weapons.damage(Weapons.BLASTER, rules, true));
        assertEquals(rules.projectileDamage(), Weapons.damage(Weapons.BLASTER, rules, false));
    }

    @Test
    void playersJoinTheSmallerTeamAndTeamsAreEvenedAtTheNextCountdown() {
        World w = playing(true, 4);
        assertEquals(List.of(1, 2, 1, 2), w.players().stream().map(Player::team).toList());
        w.removePlayer(2);
        w.removePlayer(4);
        int version = w.scoreVersion();
        w.addPlayer("late"); // takes id 2 and the smaller team
        assertEquals(2, w.player(2).team());
        w.removePlayer(2);
        assertEquals(List.of(1, 1), w.players().stream().map(Player::team).toList(), "uneven until a countdown");
        // end the match by the kill limit: team 1 has every kill
        w.player(1).kills = rules.killLimit();
        step(w, 1, Map.of());
        assertEquals(MatchPhase.RESULTS, w.phase());
        step(w, rules.ticks(rules.resultsSeconds()) + 1, Map.of());
        assertEquals(MatchPhase.COUNTDOWN, w.phase());
        assertEquals(List.of(1, 2), w.players().stream().map(Player::team).toList(), "the newest moved over");
        assertNotEquals(version, w.scoreVersion(), "the roster changes with the team");
    }

    @Test
    void shotsPassThroughTeammatesAndHitTheOtherTeam() {
        World w = playing(true, 3); // 1 and 3 in team 1, 2 in team 2
        Player a = w.player(1);
        Player mate = w.player(3);
        Player enemy = w.player(2);
        place(a, 200, 500);
        place(mate, 400, 500);
        place(enemy, 700, 500);
        step(w, 1, fire(1, Buttons.FIRE, 1));
        step(w, 40, Map.of());
        assertEquals(List.of(new GameEvent.Hit(1, 2, rules.projectileDamage(), 100 - rules.projectileDamage())), hits(),
                "through the teammate, into the enemy");
        assertEquals(100, mate.health());
    }

    @Test
    void theFirstTeamToTheKillLimitWinsWithItsBestPlayerNamedAndADrawNamesNobody() {
        World w = playing(true, 4);
        w.player(1).kills = 2;
        w.player(3).kills = 3; // team 1: 5
        w.player(2).kills = 4; // team 2: 4
        step(w, 1, Map.of());
        assertEquals(MatchPhase.PLAYING, w.phase(), "no player reached 6, and no team either");
        w.player(1).kills = 3; // team 1: 6
        step(w, 1, Map.of());
        assertEquals(MatchPhase.RESULTS, w.phase());
        assertTrue(events.contains(new GameEvent.MatchState(MatchPhase.RESULTS, 1, 1)), "1 and 3 tie on kills and deaths: the lower id stands for the team "
                + events);
        // a draw at the time limit
        World d = playing(true, 2);
        d.player(1).kills = 2;
        d.player(2).kills = 2;
        d.phaseEndTick = d.tick() + 1;
        step(d, 2, Map.of());
        assertTrue(events.contains(new GameEvent.MatchState(MatchPhase.RESULTS, 1, 0)), events.toString());
    }

    @Test
    void aSavedTeamMatchKeepsTeamsAndGunsInFlight() {
        World w = playing(true, 3);
        place(w.player(1), 100, 100);
        step(w, 1, fire(1, Buttons.ALT_FIRE, 1));
        byte[] saved = WorldCodec.save(w);
        World r = WorldCodec.restore(saved, TestMaps.duel());
        assertTrue(r.teams());
        assertArrayEquals(saved, WorldCodec.save(r));
        assertEquals(Weapons.RAIL, r.projectiles().get(0).weapon());
        assertEquals(List.of(1, 2, 1), r.players().stream().map(Player::team).toList());
        assertFalse(WorldCodec.restore(WorldCodec.save(new World(TestMaps.duel(), rules, 1)), TestMaps.duel()).teams());
    }
}
