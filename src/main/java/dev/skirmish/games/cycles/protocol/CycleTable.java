package dev.skirmish.games.cycles.protocol;

import java.util.Arrays;

/**
 * The cycles of one snapshot as one client knows them, in ascending id order (struct of arrays, reused): head cell,
 * direction, flags, trail epoch and the trail itself (start cell and turn points, packed {@code x | y << 8}). The
 * server keeps two per viewer (baseline and next); a client keeps one.
 */
public final class CycleTable {
    /** Flag bits. */
    public static final int ALIVE = 1;
    public static final int HELD = 2;
    public static final int RIDING = 4;

    int size;
    int[] id = new int[8];
    int[] x = new int[8];
    int[] y = new int[8];
    int[] dir = new int[8];
    int[] flags = new int[8];
    int[] epoch = new int[8];
    int[] startX = new int[8];
    int[] startY = new int[8];
    int[][] corners = new int[8][];
    int[] cornerCount = new int[8];
    /** The tick this table is at (the delta's prediction needs it). */
    public long tick;
    /** Whether this table holds a snapshot. */
    public boolean valid;

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Appends a cycle (ids must ascend) with an empty trail from its head; returns its index. */
    public int add(int cycleId, int cx, int cy, int d, int f, int trailEpoch, int sx, int sy) {
        if (size == id.length) {
            int n = size * 2;
            id = Arrays.copyOf(id, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            dir = Arrays.copyOf(dir, n);
            flags = Arrays.copyOf(flags, n);
            epoch = Arrays.copyOf(epoch, n);
            startX = Arrays.copyOf(startX, n);
            startY = Arrays.copyOf(startY, n);
            corners = Arrays.copyOf(corners, n);
            cornerCount = Arrays.copyOf(cornerCount, n);
        }
        int i = size++;
        id[i] = cycleId;
        x[i] = cx;
        y[i] = cy;
        dir[i] = d;
        flags[i] = f;
        epoch[i] = trailEpoch;
        startX[i] = sx;
        startY[i] = sy;
        cornerCount[i] = 0;
        if (corners[i] == null) {
            corners[i] = new int[16];
        }
        return i;
    }

    /** Appends a turn point to cycle {@code i}'s trail. */
    public void addCorner(int i, int packed) {
        if (cornerCount[i] == corners[i].length) {
            corners[i] = Arrays.copyOf(corners[i], corners[i].length * 2);
        }
        corners[i][cornerCount[i]++] = packed;
    }

    /** Appends cycle {@code i} of {@code from}, trail included. */
    public int addCopy(CycleTable from, int i) {
        int j = add(from.id[i], from.x[i], from.y[i], from.dir[i], from.flags[i], from.epoch[i], from.startX[i],
                from.startY[i]);
        for (int k = 0; k < from.cornerCount[i]; k++) {
            addCorner(j, from.corners[i][k]);
        }
        return j;
    }

    public void copyFrom(CycleTable o) {
        clear();
        for (int i = 0; i < o.size; i++) {
            addCopy(o, i);
        }
        tick = o.tick;
        valid = o.valid;
    }

    public int id(int i) {
        return id[i];
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public int dir(int i) {
        return dir[i];
    }

    public int flags(int i) {
        return flags[i];
    }

    public int epoch(int i) {
        return epoch[i];
    }

    public int startX(int i) {
        return startX[i];
    }

    public int startY(int i) {
        return startY[i];
    }

    public int cornerCount(int i) {
        return cornerCount[i];
    }

    public int corner(int i, int k) {
        return corners[i][k];
    }

    /** Index of the cycle with this id, or -1. */
    public int indexOf(int cycleId) {
        int i = Arrays.binarySearch(id, 0, size, cycleId);
        return i >= 0 ? i : -1;
    }
}
