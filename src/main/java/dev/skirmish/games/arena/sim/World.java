package dev.skirmish.games.arena.sim;

import dev.skirmish.engine.spi.PositionHistory;
import dev.skirmish.engine.spi.SeededRandom;
import dev.skirmish.engine.spi.MatchPhase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The authoritative arena state of one room. Not thread-safe: exactly one thread (the room's tick thread)
 * calls its mutators. Each {@link #step} advances one fixed tick:
 * <ol>
 *   <li>the match lifecycle: waiting (fewer than two players), countdown, playing, results;</li>
 *   <li>respawns that are due;</li>
 *   <li>each player's inputs for this tick, in player-id order: aim, one movement step per input, firing;</li>
 *   <li>projectiles: swept against walls, borders and players; hits, kills;</li>
 *   <li>the end-of-match check (kill limit or time limit);</li>
 *   <li>every player's position is recorded (about one second is kept) for lag compensation.</li>
 * </ol>
 *
 * <p>Lag compensation: an input carries the tick at which its client saw the other players (its interpolation
 * time). A shot fired with it is checked, for its whole flight, against targets rewound by the difference
 * (capped by {@link SimRules#maxRewindSeconds()}): what the shooter saw is what it hits.
 */
public final class World {
    /** Player entity ids are 1..MAX_PLAYER_ID; projectile ids come after. */
    public static final int MAX_PLAYER_ID = 1023;
    static final int FIRST_PROJECTILE_ID = MAX_PLAYER_ID + 1;
    static final int MAX_ENTITY_ID = 0xFFFF;
    /** Upper bound on live projectiles in one world, whatever the player count. */
    public static final int MAX_PROJECTILES = 2048;
    /** Upper bound on events kept between two {@link #drainEvents()} calls; further ones are dropped. */
    public static final int MAX_PENDING_EVENTS = 4096;
    /** Position history kept per player for lag compensation; the rewind cap may not exceed it. */
    public static final double HISTORY_SECONDS = 1.0;

    private final GameMap map;
    private final SimRules rules;
    /** Team deathmatch: two teams, no friendly fire, the first team to the kill limit wins. */
    private final boolean teams;
    // package-private for WorldCodec, which saves and restores all of it
    final SeededRandom random;
    final TreeMap<Integer, Player> players = new TreeMap<>();
    /** The projectiles in flight (WorldCodec saves them too). */
    final Projectiles projectiles;
    private final Projectiles.Hits hits = this::hit;
    final List<GameEvent> events = new ArrayList<>();
    long tick;
    MatchPhase phase = MatchPhase.WAITING;
    /** The part of the map in play; it follows {@link PlayArea#target} for the player count. */
    PlayArea area;
    private PlayArea areaTarget;
    /** For each of the map's pickups, the tick from which it lies there again (0: it lies there now). */
    final long[] pickupReadyAt;
    private int areaTargetPlayers = -1;
    int matchNumber;
    long phaseEndTick;
    private final int historyLength;
    private int scoreVersion;

    /** A free-for-all world. */
    public World(GameMap map, SimRules rules, long seed) {
        this(map, rules, seed, false);
    }

    /** A world of a free-for-all or ({@code teams}) of a team match, whose kill limit counts a team's kills. */
    public World(GameMap map, SimRules rules, long seed, boolean teams) {
        this(map, rules, new SeededRandom(seed), teams);
    }

    /** A world drawing from {@code random} (WorldCodec restores a saved generator this way). */
    World(GameMap map, SimRules rules, SeededRandom random, boolean teams) {
        this.map = map;
        this.teams = teams;
        this.pickupReadyAt = new long[map.pickups().size()];
        this.rules = rules;
        this.random = random;
        this.historyLength = historyLength(rules);
        this.area = PlayArea.target(map, 1);
        this.projectiles = new Projectiles(map, rules);
    }

    /** Positions kept per player for lag compensation at these rules' tick rate. */
    static int historyLength(SimRules rules) {
        return PositionHistory.lengthFor(HISTORY_SECONDS, rules.tickRateHz());
    }

    public GameMap map() {
        return map;
    }

    public SimRules rules() {
        return rules;
    }

    /** Whether this is a team match (two teams, no friendly fire). */
    public boolean teams() {
        return teams;
    }

    /** Kills of team 1 or 2 in this match so far (0 in a free-for-all). */
    public int teamKills(int team) {
        int n = 0;
        for (Player p : players.values()) {
            if (team != 0 && p.team == team) {
                n += p.kills;
            }
        }
        return n;
    }

    /** Number of steps taken so far. */
    public long tick() {
        return tick;
    }

    public MatchPhase phase() {
        return phase;
    }

    public int matchNumber() {
        return matchNumber;
    }

    /** The tick at which the current phase ends (0 while waiting). */
    public long phaseEndTick() {
        return phase == MatchPhase.WAITING ? 0 : phaseEndTick;
    }

    /** Ticks left in the current phase (countdown, match time or results display); 0 while waiting. */
    public long phaseTicksRemaining() {
        return phase == MatchPhase.WAITING ? 0 : Math.max(0, phaseEndTick - tick);
    }

    /** Players in id order. */
    public Collection<Player> players() {
        return Collections.unmodifiableCollection(players.values());
    }

    public Player player(int id) {
        return players.get(id);
    }

    /** The part of the map in play now (see {@link PlayArea}). */
    public PlayArea area() {
        return area;
    }

    public List<Projectile> projectiles() {
        return Collections.unmodifiableList(projectiles.inFlight);
    }

    /**
     * Adds a player at a spawn point chosen by {@link SpawnRule} and returns its entity id.
     *
     * @throws IllegalStateException when all {@link #MAX_PLAYER_ID} ids are taken
     */
    public int addPlayer(String name) {
        int id = 1;
        while (players.containsKey(id)) {
            id++;
        }
        if (id > MAX_PLAYER_ID) {
            throw new IllegalStateException("world is full");
        }
        Player p = new Player(id, name, historyLength);
        if (teams) {
            p.team = teamSize(1) <= teamSize(2) ? 1 : 2; // the smaller team, the first on a tie
        }
        if (players.isEmpty()) {
            area = PlayArea.target(map, 1); // nobody to push: an empty world takes its size at once
        }
        players.put(id, p);
        spawn(p);
        return id;
    }

    /** Removes a player and the projectiles it owns; unknown ids are ignored. */
    public void removePlayer(int id) {
        if (players.remove(id) != null) {
            projectiles.removeOwnedBy(id);
        }
    }

    /**
     * Marks a player whose connection dropped (its seat held) or came back. While held it cannot be hit and its
     * projectiles in flight are removed, so that nobody scores on, or is hurt by, a player who is not there.
     */
    public void setHeld(int id, boolean held) {
        Player p = players.get(id);
        if (p != null && p.held != held) {
            p.held = held;
            if (held) {
                projectiles.removeOwnedBy(id);
            }
        }
    }

    /**
     * A player's stream dropped ({@code connected} false: its seat is held) or came back: {@link #setHeld}, and a
     * {@link GameEvent.Connection} event when that changed something.
     */
    public void setConnected(int id, boolean connected) {
        Player p = players.get(id);
        if (p != null && p.held == connected) {
            setHeld(id, !connected);
            emit(new GameEvent.Connection(id, connected));
        }
    }

    /** Changes whenever a kill or a match phase may have changed the scores (the roster is sent again then). */
    public int scoreVersion() {
        return scoreVersion;
    }

    /** Forgets a player's last input sequence (its client restarted numbering after a reconnect). */
    public void resetInputSequence(int id) {
        Player p = players.get(id);
        if (p != null) {
            p.lastInputSeq = 0;
        }
    }

    /** Returns and clears the events of the steps since the last call. */
    public List<GameEvent> drainEvents() {
        if (events.isEmpty()) {
            return List.of();
        }
        List<GameEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    /**
     * Advances the world by one tick.
     *
     * @param inputs each player's inputs for this tick, oldest first (already bounded by the caller);
     *               players without an entry do not move this tick
     */
    public void step(Map<Integer, ? extends List<PlayerInput>> inputs) {
        tick++;
        if (areaTargetPlayers != players.size()) { // the target changes only when players come or go
            areaTargetPlayers = players.size();
            areaTarget = PlayArea.target(map, areaTargetPlayers);
        }
        area = area.toward(areaTarget, rules.tickRateHz());
        advancePhase();
        if (phase == MatchPhase.RESULTS) {
            acknowledgeOnly(inputs);
            recordHistory();
            return;
        }
        for (Player p : players.values()) {
            if (!p.alive && tick >= p.respawnTick) {
                spawn(p);
            }
        }
        for (Player p : players.values()) {
            List<PlayerInput> list = inputs.get(p.id());
            if (list != null) {
                for (PlayerInput in : list) {
                    apply(p, in);
                }
            }
        }
        for (Player p : players.values()) {
            if (p.alive) {
                Movement.confine(p, rules.playerRadius(), map, area); // the area may have shrunk under it
            }
        }
        takePickups();
        projectiles.step(tick, players.values(), area, hits);
        if (phase == MatchPhase.PLAYING) {
            checkMatchEnd();
        }
        recordHistory();
    }

    /** Each pickup lying there goes to the first living player (id order) that touches it and can use it. */
    private void takePickups() {
        List<PickupSpot> spots = map.pickups();
        double reach = rules.playerRadius() + Pickups.RADIUS;
        for (int i = 0; i < spots.size(); i++) {
            if (pickupReadyAt[i] > tick) {
                continue;
            }
            PickupSpot s = spots.get(i);
            for (Player p : players.values()) {
                double dx = p.x - s.x();
                double dy = p.y - s.y();
                if (!p.alive || p.held || dx * dx + dy * dy > reach * reach || !uses(p, s.kind())) {
                    continue;
                }
                switch (s.kind()) {
                    case HEALTH -> p.health = Math.min(rules.maxHealth(), p.health + Pickups.HEALTH);
                    case SHIELD -> p.shield = Pickups.SHIELD;
                    case DAMAGE -> p.damageUntilTick = tick + rules.ticks(Pickups.DAMAGE_SECONDS);
                    default -> throw new IllegalStateException(s.kind().name());
                }
                pickupReadyAt[i] = tick + rules.ticks(Pickups.respawnSeconds(s.kind()));
                emit(new GameEvent.Pickup(p.id(), i, s.kind()));
                break;
            }
        }
    }

    /** Whether a player would gain anything from a pickup of this kind (else it is left lying). */
    private boolean uses(Player p, PickupSpot.Kind kind) {
        return switch (kind) {
            case HEALTH -> p.health < rules.maxHealth();
            case SHIELD -> p.shield < Pickups.SHIELD;
            case DAMAGE -> true;
        };
    }

    /** Whether the map's pickup {@code spot} lies there now (it was not taken, or it came back). */
    public boolean pickupReady(int spot) {
        return pickupReadyAt[spot] <= tick;
    }

    private void recordHistory() {
        for (Player p : players.values()) {
            p.record(tick);
        }
    }

    /** Ticks a shot fired now with this input's view time looks back: 0 to the cap. */
    private double rewindFor(PlayerInput in) {
        return PositionHistory.rewindTicks(tick, in.viewTick(), rules.maxRewindTicks());
    }

    /** Moves the match along its lifecycle; see {@link MatchPhase}. */
    private void advancePhase() {
        boolean enough = players.size() >= 2;
        switch (phase) {
            case WAITING -> {
                if (enough) {
                    enter(MatchPhase.COUNTDOWN, rules.countdownSeconds(), 0);
                }
            }
            case COUNTDOWN -> {
                if (!enough) {
                    enter(MatchPhase.WAITING, 0, 0);
                } else if (tick >= phaseEndTick) {
                    startMatch();
                }
            }
            case PLAYING -> {
                if (!enough) {
                    enter(MatchPhase.WAITING, 0, 0);
                }
            }
            case RESULTS -> {
                if (tick >= phaseEndTick) {
                    if (enough) {
                        enter(MatchPhase.COUNTDOWN, rules.countdownSeconds(), 0);
                    } else {
                        enter(MatchPhase.WAITING, 0, 0);
                    }
                }
            }
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private int teamSize(int team) {
        int n = 0;
        for (Player p : players.values()) {
            if (p.team == team) {
                n++;
            }
        }
        return n;
    }

    /** Evens out teams that players left: the newest of the bigger team move over until they differ by one. */
    private void balanceTeams() {
        while (Math.abs(teamSize(1) - teamSize(2)) > 1) {
            int bigger = teamSize(1) > teamSize(2) ? 1 : 2;
            Player newest = null;
            for (Player p : players.values()) {
                if (p.team == bigger) {
                    newest = p;
                }
            }
            newest.team = 3 - bigger;
            scoreVersion++; // the roster carries the team
        }
    }

    private void enter(MatchPhase next, int seconds, int winnerId) {
        phase = next;
        phaseEndTick = tick + (seconds == 0 ? 0 : rules.ticks(seconds));
        if (next == MatchPhase.COUNTDOWN) {
            if (teams) {
                balanceTeams();
            }
            projectiles.clear();
            for (Player p : players.values()) {
                if (p.alive) {
                    p.health = rules.maxHealth(); // nobody fires until the match starts: no wounds carried into it
                }
            }
        }
        emit(new GameEvent.MatchState(next, next == MatchPhase.COUNTDOWN ? matchNumber + 1 : matchNumber, winnerId));
    }

    private void acknowledgeOnly(Map<Integer, ? extends List<PlayerInput>> inputs) {
        for (Player p : players.values()) {
            List<PlayerInput> list = inputs.get(p.id());
            if (list != null && !list.isEmpty()) {
                p.lastInputSeq = list.get(list.size() - 1).seq();
                p.aim = list.get(list.size() - 1).aim();
            }
        }
    }

    private void apply(Player p, PlayerInput in) {
        p.lastInputSeq = in.seq();
        if (!p.alive) {
            return;
        }
        p.aim = in.aim();
        Movement.step(p, in.buttons(), rules, map, area);
        boolean mayFire = phase == MatchPhase.PLAYING || phase == MatchPhase.WAITING;
        int weapon = in.has(Buttons.ALT_FIRE) ? Weapons.RAIL : Weapons.BLASTER;
        if (mayFire && (in.has(Buttons.FIRE) || in.has(Buttons.ALT_FIRE)) && tick >= p.nextFireTick
                && projectiles.fire(p, weapon, in.aim(), tick, rewindFor(in))) {
            p.nextFireTick = tick + rules.ticks(weapon == Weapons.RAIL ? Weapons.RAIL_COOLDOWN_SECONDS
                    : rules.fireCooldownSeconds());
            p.lastFireTick = tick;
            p.protectedUntilTick = 0; // firing ends spawn protection
        }
    }

    private void hit(Projectile projectile, Player victim) {
        hit(projectile.ownerId(), projectile.weapon, victim);
    }

    /** A blaster shot of {@code attackerId} reached {@code victim} (package-private: tests hit without aiming). */
    void hit(int attackerId, Player victim) {
        hit(attackerId, Weapons.BLASTER, victim);
    }

    /** A shot of {@code weapon} fired by {@code attackerId} reached {@code victim}. */
    void hit(int attackerId, int weapon, Player victim) {
        if (victim.isProtected(tick)) {
            return;
        }
        Player attacker = players.get(attackerId);
        int damage = Weapons.damage(weapon, rules, attacker != null && attacker.boosted(tick));
        int absorbed = Math.min(victim.shield, damage); // the shield takes it first
        victim.shield -= absorbed;
        victim.health = Math.max(0, victim.health - (damage - absorbed));
        emit(new GameEvent.Hit(attackerId, victim.id(), damage, victim.health));
        if (victim.health > 0) {
            return;
        }
        victim.alive = false;
        victim.vx = 0;
        victim.vy = 0;
        victim.respawnTick = tick + rules.ticks(rules.respawnSeconds());
        if (phase == MatchPhase.PLAYING) {
            victim.deaths++;
            Player killer = players.get(attackerId);
            if (killer != null) {
                killer.kills++;
            }
        }
        emit(new GameEvent.Kill(attackerId, victim.id()));
    }

    private void checkMatchEnd() {
        Player top = teams ? teamLeader() : leader();
        boolean killLimit = teams ? Math.max(teamKills(1), teamKills(2)) >= rules.killLimit()
                : top != null && top.kills >= rules.killLimit();
        if (killLimit || tick >= phaseEndTick) {
            projectiles.clear();
            for (Player p : players.values()) {
                p.vx = 0;
                p.vy = 0;
            }
            enter(MatchPhase.RESULTS, rules.resultsSeconds(), top == null ? 0 : top.id());
        }
    }

    /** The player with the most kills (fewest deaths, then lowest id, break ties), or null if nobody scored. */
    public Player leader() {
        Player top = null;
        for (Player p : players.values()) {
            if (p.kills > 0 && (top == null || p.kills > top.kills || (p.kills == top.kills && p.deaths < top.deaths))) {
                top = p;
            }
        }
        return top;
    }

    /**
     * In a team match, the best player of the team with more kills (it stands for the winning team in the results),
     * or null on a draw.
     */
    private Player teamLeader() {
        int a = teamKills(1);
        int b = teamKills(2);
        if (a == b) {
            return null;
        }
        int winner = a > b ? 1 : 2;
        Player top = null;
        for (Player p : players.values()) {
            if (p.team == winner && (top == null || p.kills > top.kills || (p.kills == top.kills && p.deaths < top.deaths))) {
                top = p;
            }
        }
        return top;
    }

    private void startMatch() {
        matchNumber++;
        phase = MatchPhase.PLAYING;
        phaseEndTick = tick + rules.ticks(rules.matchSeconds());
        projectiles.clear();
        for (Player p : players.values()) {
            p.kills = 0;
            p.deaths = 0;
            p.alive = false;
        }
        for (Player p : players.values()) {
            spawn(p);
        }
        emit(new GameEvent.MatchState(MatchPhase.PLAYING, matchNumber, 0));
    }

    /** Places a player where {@link SpawnRule} says: off every enemy's screen, near the fight. */
    private void spawn(Player p) {
        List<Player> enemies = new ArrayList<>();
        for (Player other : players.values()) {
            if (other != p && other.alive && (other.team == 0 || other.team != p.team)) {
                enemies.add(other);
            }
        }
        List<SpawnPoint> inside = new ArrayList<>();
        for (SpawnPoint c : map.spawns()) {
            if (area.contains(map, c.x(), c.y(), rules.playerRadius())) {
                inside.add(c);
            }
        }
        SpawnPoint s = SpawnRule.choose(inside.isEmpty() ? map.spawns() : inside, enemies, random);
        p.x = s.x();
        p.y = s.y();
        p.vx = 0;
        p.vy = 0;
        Movement.confine(p, rules.playerRadius(), map, area); // a map without a spawn point inside the area
        p.health = rules.maxHealth();
        p.shield = 0; // a new life starts without what the last one picked up
        p.damageUntilTick = 0;
        p.alive = true;
        p.protectedUntilTick = tick + rules.ticks(rules.spawnProtectionSeconds());
        emit(new GameEvent.Respawn(p.id(), p.x, p.y));
    }

    private void emit(GameEvent e) {
        if (e instanceof GameEvent.Kill || e instanceof GameEvent.MatchState) {
            scoreVersion++;
        }
        if (events.size() < MAX_PENDING_EVENTS) {
            events.add(e);
        }
    }
}
