package dev.skirmish.games.arena.sim;

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

    /** Position history for lag compensation: ring of the positions at the end of recent ticks. */
    // package-private for WorldCodec
    final double[] histX;
    final double[] histY;
    final boolean[] histAlive;
    long histFirst = -1;
    long histLast = -1;

    Player(int id, String name, int historyLength) {
        this.id = id;
        this.name = name;
        this.histX = new double[historyLength];
        this.histY = new double[historyLength];
        this.histAlive = new boolean[historyLength];
    }

    /** Records the position at the end of {@code tick} (ticks must ascend by one; a gap restarts the history). */
    void record(long tick) {
        if (histLast < 0 || tick != histLast + 1) {
            histFirst = tick;
        }
        int i = (int) (tick % histX.length);
        histX[i] = x;
        histY[i] = y;
        histAlive[i] = alive;
        histLast = tick;
        if (histLast - histFirst >= histX.length) {
            histFirst = histLast - histX.length + 1;
        }
    }

    /**
     * Where the player was at the (fractional) tick {@code t}: linear between the recorded ends of ticks,
     * clamped to the recorded range. Writes x, y into {@code out}; returns false if it was dead at either
     * neighbouring tick (not hittable then).
     */
    boolean positionAt(double t, double[] out) {
        if (histLast < 0 || t >= histLast) {
            out[0] = x;
            out[1] = y;
            return alive;
        }
        double c = Math.max(histFirst, t);
        long a = (long) Math.floor(c);
        long b = Math.min(histLast, a + 1);
        double f = c - a;
        int ia = (int) (a % histX.length);
        int ib = (int) (b % histX.length);
        out[0] = histX[ia] + (histX[ib] - histX[ia]) * f;
        out[1] = histY[ia] + (histY[ib] - histY[ia]) * f;
        return histAlive[ia] && histAlive[ib];
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
}
