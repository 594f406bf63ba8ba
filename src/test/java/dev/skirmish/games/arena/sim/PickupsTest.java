package dev.skirmish.games.arena.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.engine.spi.MatchPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pickups, driven tick by tick: who takes what, what it does, when it comes back, and a save that keeps them. */
class PickupsTest {
    private final SimRules rules = SimRules.defaults(60).withMatch(30, 600, 2, 0);
    private final List<GameEvent> events = new ArrayList<>();

    private World match() {
        World w = new World(TestMaps.duelWithPickups(), rules, 1);
        w.addPlayer("a");
        w.addPlayer("b");
        step(w, rules.ticks(rules.spawnProtectionSeconds()) + 3);
        assertEquals(MatchPhase.PLAYING, w.phase());
        // a at 300, b at 700 on y 500, whatever the spawn rule chose
        place(w.player(1), 300);
        place(w.player(2), 700);
        events.clear();
        return w;
    }

    private static void place(Player p, double x) {
        p.x = x;
        p.y = 500;
        p.vx = 0;
        p.vy = 0;
        p.protectedUntilTick = 0;
    }

    private void step(World w, int ticks) {
        for (int i = 0; i < ticks; i++) {
            w.step(Map.of());
            events.addAll(w.drainEvents());
        }
    }

    @Test
    void healthIsLeftForTheHealthyAndTakenByTheWoundedThenComesBack() {
        World w = match();
        Player a = w.player(1);
        place(a, 400);
        step(w, 1);
        assertTrue(w.pickupReady(0), "a player at full health leaves it");
        a.health = 30;
        step(w, 1);
        assertEquals(30 + Pickups.HEALTH, a.health);
        assertFalse(w.pickupReady(0));
        assertTrue(events.contains(new GameEvent.Pickup(1, 0, PickupSpot.Kind.HEALTH)), events.toString());
        a.health = 10;
        step(w, rules.ticks(Pickups.respawnSeconds(PickupSpot.Kind.HEALTH)) - 2);
        assertEquals(10, a.health, "not back yet");
        step(w, 2);
        assertEquals(10 + Pickups.HEALTH, a.health, "back after 15 s, and taken again");
    }

    @Test
    void aShieldTakesDamageFirstAndADamageBoostHitsHarder() {
        World w = match();
        Player a = w.player(1);
        Player b = w.player(2);
        place(a, 450);
        step(w, 1);
        assertEquals(Pickups.SHIELD, a.shield());
        place(b, 500);
        step(w, 1);
        assertTrue(b.boosted(w.tick()));
        int before = a.health;
        int boosted = (int) Math.round(rules.projectileDamage() * Pickups.DAMAGE_FACTOR);
        // b hits a: the shield takes it first
        w.hit(2, a);
        assertEquals(Pickups.SHIELD - Math.min(Pickups.SHIELD, boosted), a.shield());
        assertEquals(before - Math.max(0, boosted - Pickups.SHIELD), a.health);
        step(w, rules.ticks(Pickups.DAMAGE_SECONDS));
        assertFalse(b.boosted(w.tick()), "the boost runs out");
    }

    @Test
    void aSavedWorldKeepsWhatWasTakenAndWhatPlayersHold() {
        World w = match();
        Player a = w.player(1);
        a.health = 20;
        place(a, 400);
        step(w, 1);
        place(a, 450);
        step(w, 1);
        place(a, 500);
        step(w, 1);
        byte[] saved = WorldCodec.save(w);
        World r = WorldCodec.restore(saved, TestMaps.duelWithPickups());
        assertArrayEquals(saved, WorldCodec.save(r), "saved again, the same bytes");
        assertFalse(r.pickupReady(0) || r.pickupReady(1) || r.pickupReady(2));
        assertEquals(Pickups.SHIELD, r.player(1).shield());
        assertTrue(r.player(1).boosted(r.tick()));
        assertThrows(IllegalArgumentException.class, () -> WorldCodec.restore(saved, TestMaps.duel()),
                "not on the same map without its pickups");
    }

    @Test
    void aMapRefusesAnUnknownPickup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GameMap.parse(
                "size 500 500\nspawn 10 10\npickup 100 100 armour\n"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("unknown pickup 'armour'"),
                e.getMessage());
    }
}
