package dev.skirmish.sim;

/** A player's body and score. Mutated only by {@link World} on the tick thread; read when building snapshots. */
public final class Player extends Body {
    private final int id;
    private final String name;
    double aim;
    int health;
    boolean alive;
    long respawnTick;
    long protectedUntilTick;
    long nextFireTick;
    long lastInputSeq;
    long lastFireTick = Long.MIN_VALUE;
    int kills;
    int deaths;

    Player(int id, String name) {
        this.id = id;
        this.name = name;
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
}
