package dev.skirmish.games.arena.bot;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.games.arena.sim.PickupSpot;
import dev.skirmish.games.arena.sim.Wall;
import java.util.SplittableRandom;

/**
 * How a bot plays, from what its snapshots show: it runs in one of eight directions for 1-3 s and turns away from
 * walls and borders close ahead, aims at the nearest enemy it can see (not spawn-protected, not a teammate) and,
 * when the phase allows shots, fires the blaster at one within 450 units and the rail at one from there to 1,400.
 * Below 60 health it heads for a health pickup lying within 600 units, and it takes a shield or a damage pickup
 * lying within 300. Deterministic for a seed. One thread (the swarm's clock).
 */
final class Pilot {
    private static final int[] DIRECTIONS = {Buttons.UP, Buttons.DOWN, Buttons.LEFT, Buttons.RIGHT,
            Buttons.UP | Buttons.LEFT, Buttons.UP | Buttons.RIGHT, Buttons.DOWN | Buttons.LEFT,
            Buttons.DOWN | Buttons.RIGHT};
    private static final double BLASTER_RANGE = 450;
    private static final double RAIL_RANGE = 1400;
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

    /** The buttons for this input step in a free-for-all. */
    int decide(ServerFrame.Snapshot s, ServerFrame.Welcome w) {
        return decide(s, w, java.util.Map.of());
    }

    /**
     * The buttons for this input step (0 while dead or before a snapshot); {@link #aim()} follows the target.
     * {@code teams}: each player's team by id, from the roster (empty in a free-for-all).
     */
    int decide(ServerFrame.Snapshot s, ServerFrame.Welcome w, java.util.Map<Integer, Integer> teams) {
        if (s == null) {
            return 0;
        }
        ServerFrame.Entity self = s.entity(w.selfId());
        if (self == null || !self.hasFlag(ArenaProtocol.FLAG_ALIVE)) {
            return 0;
        }
        PickupSpot pickup = wanted(s, w, self);
        int buttons = pickup != null
                ? Buttons.toward(Math.atan2(pickup.y() - self.y(), pickup.x() - self.x())) : steer(self, w);
        int team = teams.getOrDefault(w.selfId(), 0);
        ServerFrame.Entity target = nearestEnemy(s, self, w.selfId(), team, teams);
        if (target != null) {
            double a = Math.atan2(target.y() - self.y(), target.x() - self.x());
            aim = a < 0 ? a + 2 * Math.PI : a;
            boolean mayFire = s.phase() == MatchPhase.PLAYING || s.phase() == MatchPhase.WAITING;
            double d = Math.hypot(target.x() - self.x(), target.y() - self.y());
            if (fire && mayFire && d < RAIL_RANGE) {
                buttons |= d < BLASTER_RANGE ? Buttons.FIRE : Buttons.ALT_FIRE;
            }
        }
        return buttons;
    }

    /** A lying pickup worth the detour: health below 60 within 600 units, a shield or damage within 300. */
    private static PickupSpot wanted(ServerFrame.Snapshot s, ServerFrame.Welcome w, ServerFrame.Entity self) {
        PickupSpot best = null;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < Math.min(s.pickupCount(), w.pickups().size()); i++) {
            if ((s.pickups() >>> i & 1) == 0) {
                continue;
            }
            PickupSpot p = w.pickups().get(i);
            double d = Math.hypot(p.x() - self.x(), p.y() - self.y());
            double reach = p.kind() == PickupSpot.Kind.HEALTH ? (self.health() < 60 ? 600 : 0)
                    : p.kind() == PickupSpot.Kind.SHIELD ? (self.health() <= w.maxHealth() ? 300 : 0) : 300;
            if (d < reach && d < bestD) {
                best = p;
                bestD = d;
            }
        }
        return best;
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

    private static ServerFrame.Entity nearestEnemy(ServerFrame.Snapshot s, ServerFrame.Entity self, int selfId,
                                                   int team, java.util.Map<Integer, Integer> teams) {
        ServerFrame.Entity best = null;
        double bestD = Double.MAX_VALUE;
        for (ServerFrame.Entity e : s.entities()) {
            if (e.kind() == ArenaProtocol.KIND_PLAYER && e.id() != selfId && e.hasFlag(ArenaProtocol.FLAG_ALIVE)
                    && !e.hasFlag(ArenaProtocol.FLAG_PROTECTED) && (team == 0 || teams.getOrDefault(e.id(), 0) != team)) {
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
