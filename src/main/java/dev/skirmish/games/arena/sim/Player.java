package dev.skirmish.games.arena.sim;

import dev.skirmish.engine.spi.PositionHistory;

/** A player's body and score. Mutated only by {@link World} on the tick thread; read when building snapshots. */
public final class Player extends Body {
    private final int id;
    private final String name;
    double aim;
    int health;
    boolean alive;
    /** The player's connection dropped and its seat is held: it stands still, nobody can hit it, it hits nobody. */
    boolean held;
    long respawnTick;
    long protectedUntilTick;
    long nextFireTick;
    long lastInputSeq;
    long lastFireTick = Long.MIN_VALUE;
    int kills;
    int deaths;
    /** Damage taken before health (a shield pickup); 0 to {@link Pickups#SHIELD}. */
    int shield;
    /** The tick until which this player's hits do more damage (a damage pickup), 0 for none. */
    long damageUntilTick;
    /** The player's team in a team match, 1 or 2; 0 in a free-for-all. */
    int team;

    /** Position history for lag compensation (the engine's helper); WorldCodec saves it. */
    final PositionHistory history;

    Player(int id, String name, int historyLength) {
        this.id = id;
        this.name = name;
        this.history = new PositionHistory(historyLength);
    }

    /** Records the position at the end of {@code tick} (ticks must ascend by one; a gap restarts the history). */
    void record(long tick) {
        history.record(tick, x, y, alive);
    }

    /**
     * Where the player was at the (fractional) tick {@code t} (see {@link PositionHistory#positionAt}); false if
     * it was dead at either neighbouring tick (not hittable then).
     */
    boolean positionAt(double t, double[] out) {
        return history.positionAt(t, x, y, alive, out);
    }

    /** The box of every position {@link #positionAt} can answer (min x, min y, max x, max y), from {@code at}. */
    void reachBounds(double[] box, int at) {
        history.bounds(x, y, box, at);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Aim angle in radians, [0, 2pi). */
    public double aim() {
        return aim;
    }

    public int health() {
        return health;
    }

    public boolean held() {
        return held;
    }

    public boolean alive() {
        return alive;
    }

    public int kills() {
        return kills;
    }

    public int deaths() {
        return deaths;
    }

    /** Sequence number of the last input the world applied for this player (0 before the first). */
    public long lastInputSeq() {
        return lastInputSeq;
    }

    /** True while spawn protection lasts at {@code tick}. */
    public boolean isProtected(long tick) {
        return alive && tick < protectedUntilTick;
    }

    /** True when the player fired at {@code tick}. */
    public boolean firedAt(long tick) {
        return lastFireTick == tick;
    }

    /** The shield left (damage taken before health). */
    public int shield() {
        return shield;
    }

    /** The team, 1 or 2, in a team match; 0 in a free-for-all. */
    public int team() {
        return team;
    }

    /** Whether this player's hits do more damage at {@code tick} (a damage pickup). */
    public boolean boosted(long tick) {
        return tick < damageUntilTick;
    }
}
