package dev.skirmish.games.arena.bot;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.Wall;
import java.util.List;
import org.junit.jupiter.api.Test;

class PilotTest {
    private static final ServerFrame.Welcome WELCOME = new ServerFrame.Welcome(Protocol.VERSION, 1, 60, 30, 1, 1, 1,
            20, 1, 1, 100, 10, 10, 120, 180, 1600, 1000, "test", 2000, 2000, List.of(new Wall(1100, 0, 100, 2000)),
            ArenaProtocol.MODE_FREE_FOR_ALL, 2400, 60, List.of());

    private static ServerFrame.Entity player(int id, double x, double y, int flags) {
        return new ServerFrame.Entity(id, ArenaProtocol.KIND_PLAYER, x, y, 0, 100, flags, 0);
    }

    private static ServerFrame.Snapshot snapshot(MatchPhase phase, ServerFrame.Entity... entities) {
        return new ServerFrame.Snapshot(100, false, 0, 0, 0, phase, 0, 1000, 1000, List.of(entities), List.of(),
                null, null, 0, 0);
    }

    @Test
    void firesAtTheNearestEnemyInRangeButNotAtAProtectedOne() {
        Pilot pilot = new Pilot(1, 30, true);
        ServerFrame.Entity self = player(1, 500, 500, ArenaProtocol.FLAG_ALIVE);
        int b = pilot.decide(snapshot(MatchPhase.PLAYING, self, player(2, 500, 900, ArenaProtocol.FLAG_ALIVE),
                player(3, 500, 100, ArenaProtocol.FLAG_ALIVE | ArenaProtocol.FLAG_PROTECTED)), WELCOME);
        assertEquals(Buttons.FIRE, b & Buttons.FIRE, "the enemy 400 units below is in range");
        assertEquals(Math.PI / 2, pilot.aim(), 1e-9, "and aimed at: straight down");
        b = pilot.decide(snapshot(MatchPhase.RESULTS, self, player(2, 500, 900, ArenaProtocol.FLAG_ALIVE)), WELCOME);
        assertEquals(0, b & Buttons.FIRE, "no shots between matches");
        b = pilot.decide(snapshot(MatchPhase.PLAYING, self, player(2, 500, 1300, ArenaProtocol.FLAG_ALIVE)), WELCOME);
        assertEquals(Buttons.ALT_FIRE, b & (Buttons.FIRE | Buttons.ALT_FIRE), "800 units: the rail");
        b = pilot.decide(snapshot(MatchPhase.PLAYING, self, player(2, 500, 1950, ArenaProtocol.FLAG_ALIVE)), WELCOME);
        assertEquals(0, b & (Buttons.FIRE | Buttons.ALT_FIRE), "1,450 units is out of the rail's range");
        assertEquals(0, pilot.decide(snapshot(MatchPhase.PLAYING, player(1, 500, 500, 0)), WELCOME), "dead: still");
        assertEquals(0, pilot.decide(null, WELCOME), "nothing seen yet");
    }

    @Test
    void sparesTeammatesAndHeadsForHealthWhenHurt() {
        Pilot pilot = new Pilot(1, 30, true);
        ServerFrame.Entity self = player(1, 500, 500, ArenaProtocol.FLAG_ALIVE);
        var teams = java.util.Map.of(1, 1, 2, 1, 3, 2);
        int b = pilot.decide(snapshot(MatchPhase.PLAYING, self, player(2, 500, 600, ArenaProtocol.FLAG_ALIVE),
                player(3, 500, 800, ArenaProtocol.FLAG_ALIVE)), WELCOME, teams);
        assertEquals(Buttons.FIRE, b & Buttons.FIRE);
        assertEquals(Math.PI / 2, pilot.aim(), 1e-9, "at 3 (the other team), 300 below, not at the teammate 2");
        ServerFrame.Welcome withHealth = new ServerFrame.Welcome(Protocol.VERSION, 1, 60, 30, 1, 1, 1, 20, 1, 1, 100,
                10, 10, 120, 180, 1600, 1000, "test", 2000, 2000, List.of(), ArenaProtocol.MODE_TEAMS, 2400, 60,
                List.of(new dev.skirmish.games.arena.sim.PickupSpot(900, 500, dev.skirmish.games.arena.sim.PickupSpot.Kind.HEALTH)));
        ServerFrame.Entity hurt = new ServerFrame.Entity(1, ArenaProtocol.KIND_PLAYER, 500, 500, 0, 40,
                ArenaProtocol.FLAG_ALIVE, 0);
        ServerFrame.Snapshot lying = new ServerFrame.Snapshot(100, false, 0, 0, 0, MatchPhase.PLAYING, 0, 1000, 1000,
                List.of(hurt), List.of(), null, null, 1, 1);
        assertEquals(Buttons.RIGHT, pilot.decide(lying, withHealth, teams), "to the health pickup 400 to its right");
        ServerFrame.Snapshot taken = new ServerFrame.Snapshot(100, false, 0, 0, 0, MatchPhase.PLAYING, 0, 1000, 1000,
                List.of(hurt), List.of(), null, null, 1, 0);
        Pilot other = new Pilot(1, 30, true);
        int wander = other.decide(taken, withHealth, teams);
        assertEquals(new Pilot(1, 30, true).decide(snapshot(MatchPhase.PLAYING, hurt), withHealth), wander,
                "a taken pickup is no goal: it wanders as without one");
    }

    @Test
    void turnsAwayFromAWallAndTheBorderCloseAhead() { // it tries 8 random directions a turn: seeded, these 50 find one
        for (long seed = 1; seed <= 50; seed++) {
            Pilot pilot = new Pilot(seed, 30, false);
            // against the wall at x=1100 on its right and the top border above
            int b = pilot.decide(snapshot(MatchPhase.PLAYING, player(1, 1070, 30, ArenaProtocol.FLAG_ALIVE)), WELCOME);
            assertEquals(0, b & Buttons.RIGHT, "seed " + seed);
            assertEquals(0, b & Buttons.UP, "seed " + seed);
            assertNotEquals(0, b, "seed " + seed + " moves");
        }
    }
}
