package dev.skirmish.games.arena.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The projectiles of one {@link World} in flight: firing one (its id, speed, life and lag-compensation rewind),
 * and each tick's sweep against walls, the play area's edge and the players, rewound for lag compensation. What a
 * hit does to the victim (damage, kills, scores) is the world's. Tick thread only, like its world.
 */
final class Projectiles {
    private final GameMap map;
    private final SimRules rules;
    // package-private for WorldCodec, which saves and restores them
    final List<Projectile> inFlight = new ArrayList<>();
    int nextId = World.FIRST_PROJECTILE_ID;
    private final double[] rewound = new double[2];
    // the broad phase: each player's box of reachable positions (4 doubles a player), made once per step
    private double[] boxes = new double[4 * 32];
    /**
     * Whether the broad phase skips walls and players that a shot's sweep cannot reach (off only to test that it
     * changes nothing).
     */
    boolean broadPhase = true;
    /** The broad phase's margin beyond the hit radius, so that rounding can never turn a skip into a miss. */
    private static final double BROAD_MARGIN = 1.0;

    /** Hears each hit of a projectile on a player. */
    interface Hits {
        void hit(Projectile projectile, Player victim);
    }

    Projectiles(GameMap map, SimRules rules) {
        this.map = map;
        this.rules = rules;
    }

    /**
     * Fires {@code weapon} from {@code p} along {@code aim}, rewound by {@code rewindTicks}; false (nothing fired)
     * when {@link World#MAX_PROJECTILES} are in flight.
     */
    boolean fire(Player p, int weapon, double aim, long tick, double rewindTicks) {
        if (inFlight.size() >= World.MAX_PROJECTILES) {
            return false;
        }
        boolean rail = weapon == Weapons.RAIL;
        double speed = rail ? Weapons.RAIL_SPEED : rules.projectileSpeed();
        double life = rail ? Weapons.RAIL_LIFE_SECONDS : rules.projectileLifeSeconds();
        inFlight.add(new Projectile(nextId(), p.id(), p.team, weapon, p.x, p.y, Math.cos(aim) * speed,
                Math.sin(aim) * speed, tick + rules.ticks(life), rewindTicks));
        return true;
    }

    /** Removes the projectiles fired by {@code ownerId}. */
    void removeOwnedBy(int ownerId) {
        inFlight.removeIf(pr -> pr.ownerId() == ownerId);
    }

    void clear() {
        inFlight.clear();
    }

    /**
     * Moves every projectile one tick: it expires, stops at the first wall or player on its way (players as they
     * were {@code rewindTicks} ago; held and dead players are not there), or leaves the play area.
     */
    void step(long tick, Collection<Player> players, PlayArea area, Hits hits) {
        double dt = rules.dt();
        double hitRadius = rules.playerRadius() + rules.projectileRadius();
        if (inFlight.isEmpty()) {
            return;
        }
        if (broadPhase) {
            if (boxes.length < 4 * players.size()) {
                boxes = new double[4 * players.size()];
            }
            int k = 0;
            for (Player p : players) {
                p.reachBounds(boxes, k);
                k += 4;
            }
        }
        double reach = hitRadius + BROAD_MARGIN;
        double wallReach = rules.projectileRadius() + BROAD_MARGIN;
        Iterator<Projectile> it = inFlight.iterator();
        while (it.hasNext()) {
            Projectile pr = it.next();
            if (tick >= pr.expiresTick) {
                it.remove();
                continue;
            }
            double dx = pr.vx * dt;
            double dy = pr.vy * dt;
            double sweepLoX = Math.min(pr.x, pr.x + dx);
            double sweepLoY = Math.min(pr.y, pr.y + dy);
            double sweepHiX = Math.max(pr.x, pr.x + dx);
            double sweepHiY = Math.max(pr.y, pr.y + dy);
            double best = Collision.MISS;
            for (Wall w : map.walls()) {
                if (broadPhase && (w.x() - wallReach > sweepHiX || w.x() + w.w() + wallReach < sweepLoX
                        || w.y() - wallReach > sweepHiY || w.y() + w.h() + wallReach < sweepLoY)) {
                    continue; // the wall is beyond the sweep's box
                }
                best = Math.min(best, Collision.segmentRect(pr.x, pr.y, dx, dy, w, rules.projectileRadius()));
            }
            Player victim = null;
            double loX = sweepLoX - reach;
            double loY = sweepLoY - reach;
            double hiX = sweepHiX + reach;
            double hiY = sweepHiY + reach;
            int k = -4;
            for (Player p : players) {
                k += 4;
                if (!p.alive || p.held || p.id() == pr.ownerId() || (pr.team != 0 && p.team == pr.team)) {
                    continue; // a held player is not there, and no friendly fire: shots pass through
                }
                if (broadPhase && (boxes[k] > hiX || boxes[k + 2] < loX || boxes[k + 1] > hiY || boxes[k + 3] < loY)) {
                    continue; // nowhere it could have been is within reach of this shot's sweep
                }
                double px = p.x;
                double py = p.y;
                if (pr.rewindTicks > 0) {
                    if (!p.positionAt(tick - pr.rewindTicks, rewound)) {
                        continue; // dead (or not yet respawned) at the time the shooter saw
                    }
                    px = rewound[0];
                    py = rewound[1];
                }
                double t = Collision.segmentCircle(pr.x, pr.y, dx, dy, px, py, hitRadius);
                if (t < best) {
                    best = t;
                    victim = p;
                }
            }
            if (victim != null) {
                it.remove();
                hits.hit(pr, victim);
            } else if (best != Collision.MISS) {
                it.remove();
            } else {
                pr.x += dx;
                pr.y += dy;
                if (pr.x < area.left(map) || pr.y < area.top(map) || pr.x > area.right(map)
                        || pr.y > area.bottom(map)) {
                    it.remove();
                }
            }
        }
    }

    private int nextId() {
        for (int guard = 0; guard <= World.MAX_ENTITY_ID; guard++) {
            int id = nextId;
            nextId = id >= World.MAX_ENTITY_ID ? World.FIRST_PROJECTILE_ID : id + 1;
            if (!inUse(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free projectile id");
    }

    private boolean inUse(int id) {
        // ids are handed out in a cycle of ~64k and projectiles live about a second, so a clash is rare
        for (Projectile pr : inFlight) {
            if (pr.id() == id) {
                return true;
            }
        }
        return false;
    }
}
