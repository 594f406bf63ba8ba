package dev.skirmish.games.arena.bot;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.Wall;
import java.util.SplittableRandom;

/**
 * How a bot plays, from what its snapshots show: it runs in one of eight directions for 1-3 s and turns away from
 * walls and borders close ahead, aims at the nearest enemy it can see (not spawn-protected) and fires when one is
 * within 700 units and the phase allows shots. Deterministic for a seed. One thread (the swarm's clock).
 */
final class Pilot {
    private static final int[] DIRECTIONS = {Buttons.UP, Buttons.DOWN, Buttons.LEFT, Buttons.RIGHT,
            Buttons.UP | Buttons.LEFT, Buttons.UP | Buttons.RIGHT, Buttons.DOWN | Buttons.LEFT,
            Buttons.DOWN | Buttons.RIGHT};
    private static final double FIRE_RANGE = 700;
    private static final double LOOK_AHEAD = 60;

    private final SplittableRandom random;
    private final int inputHz;
    private final boolean fire;
    private int direction;
    private int holdTicks;
    private double aim;

    Pilot(long seed, int inputHz, boolean fire) {
        this.random = new SplittableRandom(seed);
        this.inputHz = inputHz;
        this.fire = fire;
    }

    /** The buttons for this input step (0 while dead or before a snapshot); {@link #aim()} follows the target. */
    int decide(ServerFrame.Snapshot s, ServerFrame.Welcome w) {
        if (s == null) {
            return 0;
        }
        ServerFrame.Entity self = s.entity(w.selfId());
        if (self == null || !self.hasFlag(ArenaProtocol.FLAG_ALIVE)) {
            return 0;
        }
        int buttons = steer(self, w);
        ServerFrame.Entity target = nearestEnemy(s, self, w.selfId());
        if (target != null) {
            double a = Math.atan2(target.y() - self.y(), target.x() - self.x());
            aim = a < 0 ? a + 2 * Math.PI : a;
            boolean mayFire = s.phase() == MatchPhase.PLAYING || s.phase() == MatchPhase.WAITING;
            if (fire && mayFire && Math.hypot(target.x() - self.x(), target.y() - self.y()) < FIRE_RANGE) {
                buttons |= Buttons.FIRE;
            }
        }
        return buttons;
    }

    /** The aim, radians in [0, 2 pi). */
    double aim() {
        return aim;
    }

    /** Keeps a direction for 1-3 s, and turns when a wall or a border is close ahead. */
    private int steer(ServerFrame.Entity self, ServerFrame.Welcome w) {
        if (--holdTicks <= 0 || blocked(self, DIRECTIONS[direction], w)) {
            for (int tries = 0; tries < 8; tries++) {
                direction = random.nextInt(DIRECTIONS.length);
                if (!blocked(self, DIRECTIONS[direction], w)) {
                    break;
                }
            }
            holdTicks = inputHz + random.nextInt(2 * inputHz);
        }
        return DIRECTIONS[direction];
    }

    private static boolean blocked(ServerFrame.Entity self, int buttons, ServerFrame.Welcome w) {
        double dx = ((buttons & Buttons.RIGHT) != 0 ? 1 : 0) - ((buttons & Buttons.LEFT) != 0 ? 1 : 0);
        double dy = ((buttons & Buttons.DOWN) != 0 ? 1 : 0) - ((buttons & Buttons.UP) != 0 ? 1 : 0);
        double x = self.x() + dx * LOOK_AHEAD;
        double y = self.y() + dy * LOOK_AHEAD;
        double r = w.playerRadius();
        if (x < r || y < r || x > w.mapWidth() - r || y > w.mapHeight() - r) {
            return true;
        }
        for (Wall wall : w.walls()) {
            if (x > wall.x() - r && x < wall.x() + wall.w() + r && y > wall.y() - r && y < wall.y() + wall.h() + r) {
                return true;
            }
        }
        return false;
    }

    private static ServerFrame.Entity nearestEnemy(ServerFrame.Snapshot s, ServerFrame.Entity self, int selfId) {
        ServerFrame.Entity best = null;
        double bestD = Double.MAX_VALUE;
        for (ServerFrame.Entity e : s.entities()) {
            if (e.kind() == ArenaProtocol.KIND_PLAYER && e.id() != selfId && e.hasFlag(ArenaProtocol.FLAG_ALIVE)
                    && !e.hasFlag(ArenaProtocol.FLAG_PROTECTED)) {
                double d = Math.hypot(e.x() - self.x(), e.y() - self.y());
                if (d < bestD) {
                    bestD = d;
                    best = e;
                }
            }
        }
        return best;
    }
}
