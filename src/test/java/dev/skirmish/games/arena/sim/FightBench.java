package dev.skirmish.games.arena.sim;
import dev.skirmish.engine.spi.MatchPhase;

import dev.skirmish.engine.room.RoomManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How soon the fight finds the players, on the real map and rules, with the simulation driven directly (no
 * server, no network, deterministic for a seed). Each bot plays like a newcomer who does not know where the others
 * are: it wanders (a heading that turns a little at random, walls make it turn) until an enemy is on its screen
 * (what a 16:9 browser window shows around it: 1,461 x 822 units), then it fights: it aims at the nearest enemy it sees, leading it by
 * the projectile's flight time, with an error of up to 0.15 rad, fires whenever it may, closes in to 350 units
 * and then strafes, changing side about once a second. With {@code --arrows true}
 * it follows the browser's edge arrows while no enemy is on screen: once a second it learns, like the snapshot's
 * radar, where the others off its screen are (to a 256th of the map) and heads for the nearest. Figures per
 * player count,
 * over {@code --seeds} matches of {@code --minutes} each (one long match with no kill limit, so that a match end
 * does not cut the measure):
 * <ul>
 *   <li>time to first contact: from the match start (and from each respawn) until the player first has an
 *       enemy on its screen; p50 and p90 over all players and spawns, and the share still without contact after
 *       20 s;</li>
 *   <li>spawns with an enemy on screen at once (spawned into a fight);</li>
 *   <li>kills per minute in the room.</li>
 * </ul>
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) dev.skirmish.games.arena.sim.FightBench
 *     [--players 2,8,32] [--seeds 20] [--minutes 3] [--map arena] [--arrows false] [--pickups true] [--rail true]
 *     [--teams false]</pre>
 * With pickups (the map's; {@code --pickups false}: the map without them) a bot walks to one on its screen when it is
 * worth it: health below half, a shield when it has none, the damage boost when no enemy is within 300 units; a wall
 * in the way makes it give up that pickup for 3 s. With the rail ({@code --rail false}: the blaster only, the arena
 * before issue 25) it fires the rail at an enemy beyond 450 units and within the rail's reach. With
 * {@code --teams true} the match is a team match: bots fight only the other team, and the score spread is the
 * difference between the two teams' kills.
 */
public final class FightBench {
    /** What a 16:9 window shows with the fair view (1,200,000 square units): 1,461 x 822. */
    static final double VIEW_HALF_WIDTH = 730;
    static final double VIEW_HALF_HEIGHT = 411;
    private static final int TICK_HZ = 60;

    private FightBench() {
    }

    /** One player count's result. */
    record Result(int players, int seeds, double minutes, double[] contactSeconds, int spawns, int neverMet,
                  long kills, int spawnedInView, double meanSpread, boolean teams) {
        double contactPercentile(double p) {
            if (contactSeconds.length == 0) {
                return Double.NaN;
            }
            double[] s = contactSeconds.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
        }

        double killsPerMinute() {
            return kills / (seeds * minutes);
        }

        /** Share of spawns after which no enemy came on screen within 20 s (or before the next death). */
        double lonelyShare() {
            long late = Arrays.stream(contactSeconds).filter(s -> s > 20).count() + neverMet;
            return (double) late / spawns;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d players, %d matches of %.1f min: first contact p50 %.1f s, p90 %.1f s,"
                            + " none within 20 s after %.1f%% of %d spawns, an enemy on screen at %.1f%% of the spawns;"
                            + " %.1f kills per minute in the room (%.2f per player); score spread (%s) %.1f per match",
                    players, seeds, minutes, contactPercentile(0.5), contactPercentile(0.9), lonelyShare() * 100, spawns,
                    100.0 * spawnedInView / spawns, killsPerMinute(), killsPerMinute() / players,
                    teams ? "the winning team's kills minus the other's" : "the best player's kills minus the worst's",
                    meanSpread);
        }
    }

    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        int seeds = Integer.parseInt(o.getOrDefault("--seeds", "20"));
        double minutes = Double.parseDouble(o.getOrDefault("--minutes", "3"));
        GameMap map = GameMap.load(o.getOrDefault("--map", "arena"));
        boolean arrows = Boolean.parseBoolean(o.getOrDefault("--arrows", "false"));
        if (!Boolean.parseBoolean(o.getOrDefault("--pickups", "true"))) { // the map as it was before pickups
            map = new GameMap(map.name(), map.width(), map.height(), map.walls(), map.spawns());
        }
        boolean rail = Boolean.parseBoolean(o.getOrDefault("--rail", "true"));
        boolean teams = Boolean.parseBoolean(o.getOrDefault("--teams", "false"));
        for (String n : o.getOrDefault("--players", "2,8,32").split(",")) {
            System.out.println((teams ? "teams: " : "") + (arrows ? "following the arrows: " : "")
                    + run(map, Integer.parseInt(n.strip()), seeds, minutes, arrows, rail, teams));
        }
    }

    /** Plays {@code seeds} free-for-all matches of {@code minutes} with {@code n} bots that do not follow the arrows. */
    static Result run(GameMap map, int n, int seeds, double minutes) {
        return run(map, n, seeds, minutes, false, true, false);
    }

    /** Plays {@code seeds} matches of {@code minutes} with {@code n} bots. */
    static Result run(GameMap map, int n, int seeds, double minutes, boolean arrows, boolean rail, boolean teams) {
        List<Double> contacts = new ArrayList<>();
        int spawns = 0;
        int neverMet = 0;
        int inView = 0;
        long kills = 0;
        double spreads = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            SimRules rules = SimRules.defaults(TICK_HZ).withMatch(1_000_000, (int) Math.ceil(minutes * 60) + 60, 8, 5);
            World w = new World(map, rules, seed, teams);
            Random rnd = new Random(seed * 7919L);
            Bot[] bots = new Bot[n];
            for (int i = 0; i < n; i++) {
                bots[i] = new Bot(w.addPlayer("bot" + i), rnd.nextDouble() * Math.PI * 2, rail);
            }
            Map<Integer, List<PlayerInput>> inputs = new HashMap<>();
            while (w.phase() != MatchPhase.PLAYING) { // the countdown
                w.step(Map.of());
            }
            w.drainEvents();
            long start = w.tick();
            long end = start + Math.round(minutes * 60 * TICK_HZ);
            for (Bot b : bots) {
                b.spawnedAt = start;
            }
            while (w.tick() < end) {
                if (arrows && (w.tick() - start) % TICK_HZ == 0) {
                    for (Bot b : bots) {
                        b.radar(w, w.player(b.id));
                    }
                }
                inputs.clear();
                for (Bot b : bots) {
                    Player p = w.player(b.id);
                    if (p.alive()) {
                        inputs.put(b.id, List.of(b.decide(w, p, rnd)));
                    }
                }
                w.step(inputs);
                for (GameEvent e : w.drainEvents()) {
                    if (e instanceof GameEvent.Kill k) {
                        kills++;
                        Bot v = byId(bots, k.victimId());
                        if (v.spawnedAt >= 0) { // died before any enemy came on screen
                            neverMet++;
                            spawns++;
                            v.spawnedAt = -1;
                        }
                    } else if (e instanceof GameEvent.Respawn r) {
                        Bot b = byId(bots, r.playerId());
                        b.spawnedAt = w.tick();
                        b.sawEnemy = false; // what it saw before it died does not count
                    }
                }
                for (Bot b : bots) {
                    if (b.spawnedAt >= 0 && b.sawEnemy) {
                        if (w.tick() - b.spawnedAt <= 1) {
                            inView++; // an enemy was on screen from the first tick
                        }
                        contacts.add((w.tick() - b.spawnedAt) / (double) TICK_HZ);
                        spawns++;
                        b.spawnedAt = -1;
                    }
                }
            }
            int best = Integer.MIN_VALUE;
            int worst = Integer.MAX_VALUE;
            for (Bot b : bots) {
                best = Math.max(best, w.player(b.id).kills());
                worst = Math.min(worst, w.player(b.id).kills());
            }
            spreads += teams ? Math.abs(w.teamKills(1) - w.teamKills(2)) : best - worst;
            for (Bot b : bots) {
                if (b.spawnedAt >= 0 && w.tick() - b.spawnedAt > 20 * TICK_HZ) {
                    neverMet++; // still alone after 20 s when the match ended
                    spawns++;
                }
            }
        }
        return new Result(n, seeds, minutes, contacts.stream().mapToDouble(Double::doubleValue).toArray(), spawns,
                neverMet, kills, inView, spreads / seeds, teams);
    }

    private static Bot byId(Bot[] bots, int id) {
        for (Bot b : bots) {
            if (b.id == id) {
                return b;
            }
        }
        throw new IllegalStateException("no bot " + id);
    }

    /** A newcomer: wanders until an enemy is on screen, then fights it. */
    private static final class Bot {
        final int id;
        double heading;
        long seq;
        long spawnedAt = -1;
        boolean sawEnemy;
        double lastX = Double.NaN;
        double lastY = Double.NaN;
        double goalX = Double.NaN; // the nearest radar point off screen, once a second (arrows)
        double goalY = Double.NaN;
        int detour;
        int strafe = 1;
        final boolean rail;
        /** The tick until which this bot leaves pickups alone (one was behind a wall). */
        long noPickupsUntil;

        Bot(int id, double heading, boolean rail) {
            this.id = id;
            this.heading = heading;
            this.rail = rail;
        }

        /** What the snapshot's radar tells: the nearest living player off the screen, to a 256th of the map. */
        void radar(World w, Player me) {
            goalX = Double.NaN;
            double best = Double.MAX_VALUE;
            for (Player o : w.players()) {
                if (o == me || !o.alive() || (o.team() != 0 && o.team() == me.team()) || (Math.abs(o.x - me.x) <= VIEW_HALF_WIDTH
                        && Math.abs(o.y - me.y) <= VIEW_HALF_HEIGHT)) {
                    continue;
                }
                double cx = (Math.floor(o.x * 256 / w.map().width()) + 0.5) * w.map().width() / 256;
                double cy = (Math.floor(o.y * 256 / w.map().height()) + 0.5) * w.map().height() / 256;
                double d = Math.hypot(cx - me.x, cy - me.y);
                if (d < best) {
                    best = d;
                    goalX = cx;
                    goalY = cy;
                }
            }
        }

        PlayerInput decide(World w, Player me, Random rnd) {
            Player target = null;
            double best = Double.MAX_VALUE;
            for (Player o : w.players()) {
                if (o != me && o.alive() && (o.team() == 0 || o.team() != me.team()) && Math.abs(o.x - me.x) <= VIEW_HALF_WIDTH
                        && Math.abs(o.y - me.y) <= VIEW_HALF_HEIGHT) {
                    double d = Math.hypot(o.x - me.x, o.y - me.y);
                    if (d < best) {
                        best = d;
                        target = o;
                    }
                }
            }
            sawEnemy = target != null;
            double move;
            double aim;
            int buttons = 0;
            boolean stuck = !Double.isNaN(lastX) && Math.hypot(me.x - lastX, me.y - lastY) < 0.5;
            PickupSpot want = w.tick() < noPickupsUntil ? null : wanted(w, me, target == null ? Double.MAX_VALUE : best);
            if (want != null && stuck) {
                noPickupsUntil = w.tick() + 3 * TICK_HZ; // a wall between it and the pickup: forget pickups a while
                want = null;
            }
            if (want != null) { // a pickup worth the detour on screen: go for it, firing at whoever is near
                move = Math.atan2(want.y() - me.y, want.x() - me.x);
                aim = target == null ? move : Math.atan2(target.y - me.y, target.x - me.x) + (rnd.nextDouble() - 0.5) * 0.3;
                buttons |= target == null ? 0 : weapon(best);
            } else if (target == null) {
                heading += (rnd.nextDouble() - 0.5) * 0.1 + (stuck ? Math.PI / 2 + rnd.nextDouble() : 0);
                if (stuck) {
                    detour = 30; // a wall in the way: wander half a second before heading for the arrow again
                } else if (detour > 0) {
                    detour--;
                } else if (!Double.isNaN(goalX)) {
                    heading = Math.atan2(goalY - me.y, goalX - me.x) + (rnd.nextDouble() - 0.5) * 0.3;
                }
                move = heading;
                aim = heading;
            } else {
                double toward = Math.atan2(target.y - me.y, target.x - me.x);
                // lead the target by its flight time, as players learn to, with an error of up to 0.15 rad
                int gun = weapon(best);
                double flight = best / (gun == Buttons.ALT_FIRE ? Weapons.RAIL_SPEED : w.rules().projectileSpeed());
                aim = Math.atan2(target.y + target.vy * flight - me.y, target.x + target.vx * flight - me.x)
                        + (rnd.nextDouble() - 0.5) * 0.3;
                if (rnd.nextInt(60) == 0) {
                    strafe = -strafe; // change the strafing side about once a second
                }
                move = best > 350 ? toward : toward + strafe * Math.PI / 2; // close in, then strafe
                buttons |= gun;
            }
            lastX = me.x;
            lastY = me.y;
            buttons |= Buttons.toward(move);
            return new PlayerInput(++seq, buttons, normalize(aim));
        }

        /** The rail for an enemy beyond 450 units within its reach, else the blaster. */
        private int weapon(double distance) {
            return rail && distance > 450 && distance < Weapons.RAIL_SPEED * Weapons.RAIL_LIFE_SECONDS
                    ? Buttons.ALT_FIRE : Buttons.FIRE;
        }

        /**
         * A pickup on screen this bot would walk to: health when below half, a shield when it has none, the damage
         * boost when no enemy is within 300 units; the nearest such.
         */
        private static PickupSpot wanted(World w, Player me, double enemyDistance) {
            PickupSpot best = null;
            double bestD = Double.MAX_VALUE;
            List<PickupSpot> spots = w.map().pickups();
            for (int i = 0; i < spots.size(); i++) {
                PickupSpot s = spots.get(i);
                if (!w.pickupReady(i) || Math.abs(s.x() - me.x) > VIEW_HALF_WIDTH
                        || Math.abs(s.y() - me.y) > VIEW_HALF_HEIGHT) {
                    continue;
                }
                boolean worth = switch (s.kind()) {
                    case HEALTH -> me.health() < w.rules().maxHealth() / 2;
                    case SHIELD -> me.shield() == 0;
                    case DAMAGE -> enemyDistance > 300;
                };
                double d = Math.hypot(s.x() - me.x, s.y() - me.y);
                if (worth && d < bestD) {
                    bestD = d;
                    best = s;
                }
            }
            return best;
        }

        private static double normalize(double a) {
            double t = a % (Math.PI * 2);
            t = t < 0 ? t + Math.PI * 2 : t;
            return t >= Math.PI * 2 ? 0 : t;
        }
    }
}
