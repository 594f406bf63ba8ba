package dev.skirmish.games.cycles.sim;

import java.util.Arrays;

/**
 * One player's light cycle: where its head is, where it heads, the trail it leaves (its start cell and the cells
 * where it turned; the trail runs straight between them and on to the head), and its scores. The track owns it;
 * only the tick thread changes it.
 */
public final class Cycle {
    /** Directions: east, south, west, north (a left turn is -1, a right turn +1, mod 4; y grows downwards). */
    public static final int EAST = 0;
    public static final int SOUTH = 1;
    public static final int WEST = 2;
    public static final int NORTH = 3;
    static final int[] DX = {1, 0, -1, 0};
    static final int[] DY = {0, 1, 0, -1};
    /** Turns a cycle keeps waiting (one is taken per tick); more are dropped. */
    public static final int MAX_PENDING_TURNS = 4;

    private final int id;
    private final String name;
    int x;
    int y;
    int dir;
    boolean alive;
    boolean held;
    /** In the current round (false: joined during it, or held at the line-up; rides from the next one). */
    boolean riding;
    int startX;
    int startY;
    /** The turn points, packed {@code x | y << 8}. */
    int[] corners = new int[16];
    int cornerCount;
    /** Changes whenever the trail starts again (a new round, a respawn): clients then take the trail afresh. */
    int trailEpoch;
    int wins;
    int cuts;
    final int[] pending = new int[MAX_PENDING_TURNS];
    int pendingCount;
    long respawnTick;

    Cycle(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int dir() {
        return dir;
    }

    public boolean alive() {
        return alive;
    }

    public boolean held() {
        return held;
    }

    public boolean riding() {
        return riding;
    }

    public int startX() {
        return startX;
    }

    public int startY() {
        return startY;
    }

    public int cornerCount() {
        return cornerCount;
    }

    /** Turn point {@code i}, packed {@code x | y << 8}. */
    public int corner(int i) {
        return corners[i];
    }

    public int trailEpoch() {
        return trailEpoch;
    }

    public int wins() {
        return wins;
    }

    public int cuts() {
        return cuts;
    }

    /** A fresh trail from (x, y) heading {@code dir}. */
    void startTrail(int x, int y, int dir) {
        this.x = x;
        this.y = y;
        this.dir = dir;
        startX = x;
        startY = y;
        cornerCount = 0;
        trailEpoch++;
        pendingCount = 0;
    }

    void addCorner() {
        if (cornerCount == corners.length) {
            corners = Arrays.copyOf(corners, corners.length * 2);
        }
        corners[cornerCount++] = x | y << 8;
    }

    /** Queues a turn (-1 left, +1 right); false when the queue is full (the turn is dropped). */
    boolean queueTurn(int turn) {
        if (pendingCount == MAX_PENDING_TURNS) {
            return false;
        }
        pending[pendingCount++] = turn;
        return true;
    }

    /** The oldest waiting turn, or 0. */
    int takeTurn() {
        if (pendingCount == 0) {
            return 0;
        }
        int t = pending[0];
        System.arraycopy(pending, 1, pending, 0, --pendingCount);
        return t;
    }
}
